using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Grpc;

/// <summary>
/// A gRPC server on Kestrel (HTTP/2 by prior knowledge on <see cref="Port"/>, HTTP/2 over TLS with ALPN on
/// <see cref="TlsPort"/>) speaking gRPC's framing itself (a flag byte, a 4-byte length, the message) with UTF-8
/// text messages, so a test needs no generated code. The methods of service <c>test.Echo</c>:
/// <c>Unary</c> answers the message with "echo:" before it; <c>Headers</c> answers with what the request carried
/// (authority, scheme, te, content-type and the <c>x-*</c> headers); <c>Fail</c> answers grpc-status 7 with a
/// message in the trailers; <c>ServerStream</c> answers N messages for the number N; <c>ClientStream</c> answers
/// the messages it read, joined; <c>Bidi</c> answers each message as it arrives, before reading the next.
/// </summary>
public sealed class GrpcTestBackend : IDisposable
{
    private readonly WebApplication _app;

    public GrpcTestBackend(X509Certificate2 certificate)
    {
        Port = FreePort.Next();
        TlsPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, Port, listen => listen.Protocols = HttpProtocols.Http2);
            options.Listen(IPAddress.Loopback, TlsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(certificate);
            });
        });
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(ServeAsync);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public int Port { get; }
    public int TlsPort { get; }

    private static async Task ServeAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "application/grpc";
        var method = context.Request.Path.Value ?? "";
        if (method == "/test.Echo/Fail")
        {
            await response.StartAsync();
            response.AppendTrailer("grpc-status", "7");
            response.AppendTrailer("grpc-message", "denied by the backend");
            return;
        }
        await response.StartAsync();
        switch (method)
        {
            case "/test.Echo/Unary":
                await WriteAsync(response, "echo:" + string.Concat(await ReadAllAsync(context.Request)));
                break;
            case "/test.Echo/Headers":
                await ReadAllAsync(context.Request);
                var headers = context.Request.Headers;
                var seen = new StringBuilder($"authority={context.Request.Host} scheme={context.Request.Scheme} te={headers.TE} content-type={headers.ContentType}");
                foreach (var (name, value) in headers.Where(h => h.Key.StartsWith("x-", StringComparison.OrdinalIgnoreCase)).OrderBy(h => h.Key, StringComparer.Ordinal))
                    seen.Append($" {name}={value}");
                await WriteAsync(response, seen.ToString());
                break;
            case "/test.Echo/ServerStream":
                var count = int.Parse(string.Concat(await ReadAllAsync(context.Request)));
                for (var i = 1; i <= count; i++) await WriteAsync(response, $"item {i}");
                break;
            case "/test.Echo/ClientStream":
                await WriteAsync(response, string.Join(",", await ReadAllAsync(context.Request)));
                break;
            case "/test.Echo/Bidi":
                while (await ReadOneAsync(context.Request.Body, context.RequestAborted) is { } message)
                    await WriteAsync(response, "echo:" + message);
                break;
            default:
                response.AppendTrailer("grpc-status", "12");
                return;
        }
        response.AppendTrailer("grpc-status", "0");
    }

    private static async Task<List<string>> ReadAllAsync(HttpRequest request)
    {
        var messages = new List<string>();
        while (await ReadOneAsync(request.Body, request.HttpContext.RequestAborted) is { } message) messages.Add(message);
        return messages;
    }

    /// <summary>One length-prefixed message, or null at the end of the request's stream.</summary>
    private static async Task<string?> ReadOneAsync(Stream body, CancellationToken cancel)
    {
        var prefix = new byte[5];
        if (!await FillAsync(body, prefix, cancel)) return null;
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1))];
        if (!await FillAsync(body, payload, cancel)) throw new InvalidDataException("a gRPC message cut short");
        return Encoding.UTF8.GetString(payload);
    }

    private static async Task<bool> FillAsync(Stream body, byte[] buffer, CancellationToken cancel)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await body.ReadAsync(buffer.AsMemory(read), cancel);
            if (n == 0) return read == 0 && buffer.Length > 0 ? false : read == buffer.Length;
            read += n;
        }
        return true;
    }

    private static async Task WriteAsync(HttpResponse response, string message)
    {
        var payload = Encoding.UTF8.GetBytes(message);
        var framed = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(framed, 5);
        await response.Body.WriteAsync(framed);
        await response.Body.FlushAsync();
    }

    public void Dispose() => _app.StopAsync().GetAwaiter().GetResult();
}
