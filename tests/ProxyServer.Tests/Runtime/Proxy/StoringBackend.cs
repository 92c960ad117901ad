using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// The peer of the proxy_store tests, answering by path with a Last-Modified (a HEAD: the head of 8 bytes): <c>/missing...</c> a 404 with a body,
/// <c>/cut...</c> a Content-Length of 100 with 10 bytes and a close, <c>/chunkcut...</c> one chunk and a close,
/// <c>/noclen...</c> a body ended by the close, <c>/big...</c> 200,000 bytes, anything else its own path as the body.
/// </summary>
public sealed class StoringBackend : LoopbackTcpBackend
{
    public const string LastModified = "Tue, 01 Dec 2026 10:00:00 GMT";

    protected override async Task ServeAsync(NetworkStream stream, int connection)
    {
        if (await ReadHeadAsync(stream) is not { } head) return;
        var path = head.Split(' ')[1];
        var head200 = $"HTTP/1.1 200 OK\r\nLast-Modified: {LastModified}\r\nConnection: close\r\n";
        if (head.StartsWith("HEAD ", StringComparison.Ordinal))
            await WriteAsync(stream, head200 + "Content-Length: 8\r\n\r\n");
        else if (path.StartsWith("/missing", StringComparison.Ordinal))
            await WriteAsync(stream, $"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot here\n");
        else if (path.StartsWith("/cut", StringComparison.Ordinal))
            await WriteAsync(stream, head200 + "Content-Length: 100\r\n\r\n0123456789");
        else if (path.StartsWith("/chunkcut", StringComparison.Ordinal))
            await WriteAsync(stream, head200 + "Transfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n");
        else if (path.StartsWith("/noclen", StringComparison.Ordinal))
            await WriteAsync(stream, head200 + "\r\nended by the close");
        else
        {
            var body = path.StartsWith("/big", StringComparison.Ordinal) ? new string('b', 200_000) : "body of " + path;
            await WriteAsync(stream, head200 + $"Content-Length: {body.Length}\r\n\r\n{body}");
        }
    }

    private async Task WriteAsync(NetworkStream stream, string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text), Stopping);
}
