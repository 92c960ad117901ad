using System.Net.Sockets;
using System.Text;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP/1.x backend that answers 200 with the exact request it received (request line,
/// headers and body bytes, de-chunked) as its body: lets a test see what a proxy forwarded.
/// </summary>
public sealed class EchoHttpServer : LoopbackTcpBackend
{
    protected override async Task ServeAsync(NetworkStream stream, int connection)
    {
        while (await ReadRequestAsync(stream) is { } request)
        {
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {request.Length}\r\n\r\n");
            await stream.WriteAsync(head);
            await stream.WriteAsync(request);
        }
    }

    /// <summary>One request (head + body, de-chunked), or null at the end of the connection.</summary>
    internal static async Task<byte[]?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0) return null;
            head.Add(one[0]);
        }
        var headText = Encoding.Latin1.GetString(head.ToArray());
        var body = new MemoryStream();
        if (HeaderValue(headText, "Content-Length") is { } length)
        {
            await CopyExactlyAsync(stream, body, long.Parse(length));
        }
        else if (HeaderValue(headText, "Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            while (true)
            {
                var size = Convert.ToInt64((await ReadLineAsync(stream)).Split(';')[0].Trim(), 16);
                if (size == 0) { await ReadLineAsync(stream); break; }
                await CopyExactlyAsync(stream, body, size);
                await ReadLineAsync(stream);
            }
        }
        return [.. head, .. body.ToArray()];
    }

    private static string? HeaderValue(string head, string name)
    {
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) return line[(colon + 1)..].Trim();
        }
        return null;
    }

    private static async Task CopyExactlyAsync(Stream from, Stream to, long count)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)));
            if (read == 0) throw new IOException("body ended early");
            await to.WriteAsync(buffer.AsMemory(0, read));
            count -= read;
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one) > 0)
        {
            if (one[0] == '\n') break;
            if (one[0] != '\r') line.Append((char)one[0]);
        }
        return line.ToString();
    }
}
