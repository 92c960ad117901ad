using System.Net.Sockets;
using System.Text;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>A response read off the wire: status line, headers in order, body bytes (dechunked), the chunked body's trailer lines.</summary>
public sealed record RawResponse(int Status, string StatusLine, IReadOnlyList<(string Name, string Value)> Headers, string Body, bool Closed)
{
    /// <summary>The lines after a chunked body's last chunk ("NAME: value"), in order; none when it was not chunked or not ended.</summary>
    public IReadOnlyList<string> Trailers { get; init; } = [];

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>No response at all (the server closed the connection, like nginx's 444).</summary>
    public bool IsEmpty => Status == 0;

    /// <summary>The body as sent, before a chunked one is joined into <see cref="Body"/>.</summary>
    public string RawBody { get; init; } = "";
}

/// <summary>
/// Sends a request as raw bytes and reads until the server closes (HTTP/1.0 style, or HTTP/1.1
/// with <c>Connection: close</c>): how nginx's own tests talk to it, and the only way to send
/// requests HttpClient refuses to build (no Host, odd targets, bad escapes).
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(int port, string request, string host = "127.0.0.1")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var buffer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await stream.CopyToAsync(buffer, timeout.Token);
        }
        catch (IOException)
        {
            // reset by the server after answering: keep what arrived
        }
        return Parse(buffer.ToArray());
    }

    /// <summary>A GET as HTTP/1.0 (no keep-alive); <paramref name="host"/> null sends no Host header.</summary>
    public static string Get(string target, string? host = "localhost", string extraHeaders = "") =>
        $"GET {target} HTTP/1.0\r\n{(host is null ? "" : $"Host: {host}\r\n")}{extraHeaders}\r\n";

    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (text.Length == 0 || end < 0) return new RawResponse(0, "", [], "", true);
        var lines = text[..end].Split("\r\n");
        var statusLine = lines[0];
        var parts = statusLine.Split(' ', 3);
        var status = parts.Length > 1 && int.TryParse(parts[1], out var code) ? code : 0;
        var headers = lines.Skip(1).Select(l => { var colon = l.IndexOf(':'); return (l[..colon], l[(colon + 1)..].Trim()); }).ToList();
        var body = text[(end + 4)..];
        var raw = body;
        IReadOnlyList<string> trailers = [];
        if (headers.Any(h => h.Item1.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Item2.Contains("chunked")))
            (body, trailers) = Dechunk(body);
        return new RawResponse(status, statusLine, headers, body, true) { Trailers = trailers, RawBody = raw };
    }

    private static (string Body, IReadOnlyList<string> Trailers) Dechunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(body[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                var trailers = body[(lineEnd + 2)..];
                var last = trailers.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                return (result.ToString(), trailers.StartsWith("\r\n", StringComparison.Ordinal) || last < 0 ? [] : trailers[..last].Split("\r\n"));
            }
            result.Append(body, lineEnd + 2, Math.Min(size, body.Length - lineEnd - 2));
            position = lineEnd + 2 + size + 2;
        }
        return (result.ToString(), []);
    }
}
