using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Cache;

/// <summary>
/// A backend that counts the requests each path gets and answers by path: <c>/slow...</c> after 300 ms,
/// <c>/cut...</c> a Content-Length of 100 with 10 bytes and a close, <c>/big...</c> 5000 bytes, <c>/huge...</c> 200,000,
/// <c>/halves...</c> half its body, then the rest once <see cref="ReleaseSecondHalf"/> is called;
/// anything else <c>n=COUNT</c>.
/// </summary>
public sealed class CachingBackend : LoopbackTcpBackend
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly TaskCompletionSource _secondHalf = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count(string path) => _counts.GetValueOrDefault(path);

    public void ReleaseSecondHalf() => _secondHalf.TrySetResult();

    protected override async Task ServeAsync(NetworkStream stream, int connection)
    {
        if (await ReadHeadAsync(stream) is not { } head) return;
        var path = head.Split(' ')[1];
        var count = _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (path.StartsWith("/cut", StringComparison.Ordinal))
        {
            await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n0123456789");
            return;
        }
        if (path.StartsWith("/halves", StringComparison.Ordinal))
        {
            await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nfirst");
            await _secondHalf.Task.WaitAsync(Stopping);
            await WriteAsync(stream, "-last");
            return;
        }
        if (path.StartsWith("/slow", StringComparison.Ordinal)) await Task.Delay(300, Stopping);
        var body = path.StartsWith("/big", StringComparison.Ordinal) ? new string('b', 5000)
            : path.StartsWith("/huge", StringComparison.Ordinal) ? new string('h', 200_000)
            : $"n={count}";
        await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
    }

    private async Task WriteAsync(NetworkStream stream, string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text), Stopping);
}
