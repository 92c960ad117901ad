using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP/1.x backend that keeps every request it received (head and de-chunked body, as text) and
/// answers each with <see cref="Status"/> and a short body, once <see cref="Gate"/> lets it: a test sees what
/// reached it, and can hold its answers back to see that a client's response does not wait for them.
/// </summary>
public sealed class RecordingHttpServer(int status = 200) : LoopbackTcpBackend
{
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public int Status => status;

    /// <summary>Completed (the default) or held by the test: answers wait for it.</summary>
    public TaskCompletionSource Gate { get; set; } = Completed();

    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Waits until <paramref name="count"/> requests have arrived in all (10 s at most, then returns what there is).</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (_requests.Count < count) await _arrived.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return Requests;
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    protected override async Task ServeAsync(NetworkStream stream, int connection)
    {
        while (await EchoHttpServer.ReadRequestAsync(stream) is { } request)
        {
            _requests.Enqueue(Encoding.Latin1.GetString(request));
            _arrived.Release();
            await Gate.Task.WaitAsync(Stopping);
            var body = "recorded\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Length: {body.Length}\r\n\r\n{body}"));
        }
    }
}
