using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Logging;

namespace ProxyServer.Runtime.Dynamic.Dns;

/// <summary>
/// The peers of <c>server NAME[:PORT] resolve</c> in an upstream (nginx 1.27.3+): one peer per A/AAAA
/// record of NAME, re-resolved when the answer expires, so the set follows DNS without a reload.
/// As nginx: NXDOMAIN empties the set, any other failure keeps the current peers and retries;
/// lookups are at least 1 s apart.
/// </summary>
public sealed class ResolvingPeerSet : IAsyncDisposable
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private readonly DnsNameResolver _resolver;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableArray<IPEndPoint> _peers = [];
    private Task? _loop;

    public ResolvingPeerSet(string host, int port, DnsNameResolver resolver, ILogger logger, TimeProvider? time = null)
    {
        Host = host;
        Port = port;
        _resolver = resolver;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public string Host { get; }
    public int Port { get; }

    /// <summary>The resolver it asks (its settings are part of what defines the set).</summary>
    public DnsNameResolver Resolver => _resolver;

    /// <summary>The current peers (an immutable snapshot; swapped whole when DNS changes).</summary>
    public ImmutableArray<IPEndPoint> Peers => ImmutableInterlocked.InterlockedCompareExchange(ref _peers, default, default);

    /// <summary>Raised (on the refresh loop) with the new peers whenever the set of addresses changes.</summary>
    public event Action<ImmutableArray<IPEndPoint>>? Changed;

    /// <summary>Completes once the first lookup has answered (successfully or not).</summary>
    public Task FirstAnswer => _firstAnswer.Task;

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Resolution answer;
            try
            {
                answer = await _resolver.ResolveAsync(Host, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            Apply(answer);
            _firstAnswer.TrySetResult();
            var wait = answer.ValidUntil - _time.GetUtcNow();
            if (wait < MinimumInterval) wait = MinimumInterval;
            try
            {
                await Task.Delay(wait, _time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Apply(Resolution answer)
    {
        ImmutableArray<IPEndPoint> next;
        if (answer.Succeeded)
        {
            // Sorted so that a rotated answer of the same records is not a change.
            next = [.. answer.Addresses.Distinct().OrderBy(a => a.ToString(), StringComparer.Ordinal).Select(a => new IPEndPoint(a, Port))];
        }
        else
        {
            _logger.LogError("{Message}", answer.ErrorLogText);
            if (answer.Error != ResolveError.HostNotFound) return;
            next = [];
        }
        var current = Peers;
        if (current.SequenceEqual(next)) return;
        ImmutableInterlocked.InterlockedExchange(ref _peers, next);
        Changed?.Invoke(next);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null) await _loop;
        _stop.Dispose();
    }
}
