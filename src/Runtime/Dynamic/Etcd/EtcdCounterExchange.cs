using System.Text.Json;
using Etcdserverpb;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// Counts shared by several proxyserver instances through etcd (beyond nginx: NGINX Plus's <c>zone_sync</c>
/// does this for its own cluster). Every instance keeps its own counters and, every
/// <see cref="EtcdCounterExchangeOptions.Interval"/>, puts what it counted since the last round under
/// <c>PREFIX/INSTANCE</c> as a JSON object <c>{"key": count}</c>, bound to a lease that ends with the instance;
/// a watch on <c>PREFIX/</c> hands every other instance's puts to <see cref="Received"/> as they come. Counts
/// are deltas: no request waits on etcd, a round lost while etcd is away is lost (each instance keeps counting
/// on its own), and nothing grows with time but etcd's revision history (compact it as usual).
/// </summary>
public sealed class EtcdCounterExchange : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _endpoints;
    private readonly string _prefix;
    private readonly string _ownKey;
    private readonly Func<IReadOnlyDictionary<string, long>?> _takeCounted;
    private readonly Action<IReadOnlyDictionary<string, long>> _received;
    private readonly ILogger _logger;
    private readonly EtcdCounterExchangeOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _lease;
    private string? _endpoint;

    /// <param name="prefix">The keys every instance of the same counters shares, ending in '/'.</param>
    /// <param name="takeCounted">What this instance counted since the last call (null or empty: nothing).</param>
    /// <param name="received">Another instance's counts, on the watch's thread.</param>
    public EtcdCounterExchange(IReadOnlyList<string> endpoints, string prefix, Func<IReadOnlyDictionary<string, long>?> takeCounted,
        Action<IReadOnlyDictionary<string, long>> received, ILogger logger, EtcdCounterExchangeOptions? options = null)
    {
        if (endpoints.Count == 0) throw new ArgumentException("etcd needs at least one endpoint", nameof(endpoints));
        _endpoints = endpoints;
        _prefix = prefix;
        _takeCounted = takeCounted;
        _received = received;
        _logger = logger;
        _options = options ?? new EtcdCounterExchangeOptions();
        InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next():x8}";
        _ownKey = prefix + InstanceId;
    }

    /// <summary>This instance's name under the prefix: host, process id and a random part (two processes of one host differ).</summary>
    public string InstanceId { get; }

    /// <summary>Whether a lease is held and the watch runs now.</summary>
    public bool Connected { get; private set; }

    /// <summary>Connects and exchanges in the background until disposed; a second call does nothing.</summary>
    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken stop)
    {
        var endpointIndex = 0;
        var delay = _options.MinimumRetryDelay;
        while (!stop.IsCancellationRequested)
        {
            var endpoint = _endpoints[endpointIndex];
            try
            {
                using var channel = EtcdKeys.Channel(endpoint, _options.RequestTimeout);
                await ExchangeAsync(channel, endpoint, () => delay = _options.MinimumRetryDelay, stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Connected = false;
                _logger.LogWarning("counter exchange \"{Prefix}\": etcd {Endpoint} failed: {Reason}; counting alone, retrying in {Delay}ms",
                    _prefix, endpoint, e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message, (int)delay.TotalMilliseconds);
                endpointIndex = (endpointIndex + 1) % _endpoints.Count;
                try
                {
                    await Task.Delay(delay, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaximumRetryDelay.Ticks));
            }
        }
    }

    /// <summary>One connection's life: a lease, then its keep-alive, the watch and the rounds of puts until one of them fails.</summary>
    private async Task ExchangeAsync(global::Grpc.Net.Client.GrpcChannel channel, string endpoint, Action connected, CancellationToken stop)
    {
        var deadline = () => DateTime.UtcNow + _options.RequestTimeout;
        var kv = new KV.KVClient(channel);
        var leases = new Lease.LeaseClient(channel);
        var grant = await leases.LeaseGrantAsync(new LeaseGrantRequest { TTL = (long)_options.LeaseTime.TotalSeconds }, deadline: deadline(), cancellationToken: stop);
        _lease = grant.ID;
        _endpoint = endpoint;
        // Watch from the revision after now: what others put before this instance came is history.
        var now = await kv.RangeAsync(new RangeRequest { Key = EtcdKeys.Key(_prefix), RangeEnd = EtcdKeys.PrefixEnd(_prefix), CountOnly = true },
            deadline: deadline(), cancellationToken: stop);

        using var session = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var tasks = new[]
        {
            KeepLeaseAsync(leases, session.Token),
            WatchAsync(new Watch.WatchClient(channel), now.Header.Revision + 1, session.Token),
            PublishAsync(kv, session.Token),
        };
        Connected = true;
        connected();
        _logger.LogInformation("counter exchange \"{Prefix}\": sharing as \"{Instance}\" through etcd {Endpoint}", _prefix, InstanceId, endpoint);
        var ended = await Task.WhenAny(tasks);
        await session.CancelAsync();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception)
        {
            // The others ended because the session was cancelled; what ended it is rethrown below.
        }
        if (stop.IsCancellationRequested) return;
        await ended;
        throw new InvalidOperationException("etcd stream closed");
    }

    private async Task KeepLeaseAsync(Lease.LeaseClient leases, CancellationToken stop)
    {
        using var call = leases.LeaseKeepAlive(cancellationToken: stop);
        var every = TimeSpan.FromTicks(_options.LeaseTime.Ticks / 3);
        while (!stop.IsCancellationRequested)
        {
            await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = _lease }, stop);
            if (!await call.ResponseStream.MoveNext(stop)) throw new InvalidOperationException("lease keep-alive stream closed");
            if (call.ResponseStream.Current.TTL <= 0) throw new InvalidOperationException($"lease {_lease:x} expired");
            await Task.Delay(every, stop);
        }
    }

    private async Task WatchAsync(Watch.WatchClient watch, long fromRevision, CancellationToken stop)
    {
        using var call = watch.Watch(cancellationToken: stop);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = EtcdKeys.Key(_prefix), RangeEnd = EtcdKeys.PrefixEnd(_prefix), StartRevision = fromRevision },
        }, stop);
        while (await call.ResponseStream.MoveNext(stop))
        {
            var response = call.ResponseStream.Current;
            if (response.Canceled) throw new InvalidOperationException("watch canceled by etcd: " + response.CancelReason);
            foreach (var change in response.Events)
            {
                if (change.Type != Mvccpb.Event.Types.EventType.Put) continue;
                var key = change.Kv.Key.ToStringUtf8();
                if (key == _ownKey) continue;
                if (Decode(change.Kv.Value.Span) is { Count: > 0 } counts) _received(counts);
                else _logger.LogWarning("counter exchange \"{Prefix}\": ignored the value of \"{Key}\": not a JSON object of counts", _prefix, key);
            }
        }
        throw new InvalidOperationException("watch stream closed");
    }

    private async Task PublishAsync(KV.KVClient kv, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.Interval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            if (_takeCounted() is not { Count: > 0 } counted) continue;
            await kv.PutAsync(new PutRequest { Key = EtcdKeys.Key(_ownKey), Value = Google.Protobuf.ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(counted)), Lease = _lease },
                deadline: DateTime.UtcNow + _options.RequestTimeout, cancellationToken: stop);
        }
    }

    /// <summary>A JSON object of non-negative integer counts, or null.</summary>
    internal static Dictionary<string, long>? Decode(ReadOnlySpan<byte> json)
    {
        try
        {
            var counts = JsonSerializer.Deserialize<Dictionary<string, long>>(json);
            return counts is not null && counts.Values.All(c => c >= 0) ? counts : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Stops exchanging and gives the lease back, so this instance's key goes at once rather than at the lease's end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (_lease != 0 && _endpoint is { } endpoint)
        {
            try
            {
                using var channel = EtcdKeys.Channel(endpoint, _options.RequestTimeout);
                await new Lease.LeaseClient(channel).LeaseRevokeAsync(new LeaseRevokeRequest { ID = _lease }, deadline: DateTime.UtcNow + TimeSpan.FromSeconds(1));
            }
            catch (Exception e) when (e is RpcException or HttpRequestException or IOException)
            {
                // etcd is away: the lease ends on its own after its time.
            }
        }
        _stop.Dispose();
    }
}

/// <summary>Timing of a counter exchange; the defaults suit production.</summary>
public sealed record EtcdCounterExchangeOptions
{
    /// <summary>How often this instance's counts are put (the 100 ms: the most another instance lags behind, plus etcd's round trip).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The lease's time: an instance that stops without revoking it leaves its key this long.</summary>
    public TimeSpan LeaseTime { get; init; } = TimeSpan.FromSeconds(6);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan MinimumRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaximumRetryDelay { get; init; } = TimeSpan.FromSeconds(2);
}
