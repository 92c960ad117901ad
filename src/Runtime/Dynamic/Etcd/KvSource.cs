using ProxyServer.NginxConf.Directives.Values;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Etcdserverpb;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// One <c>kv_source</c>: one connection to etcd, a watch per prefix, the served <see cref="Current"/>
/// snapshot swapped whole on every change.
/// <list type="bullet">
/// <item>Start: serve the cache file if any, read every prefix at one revision, serve that and write
/// the cache, then watch each prefix from the next revision.</item>
/// <item>Disconnect (etcd restarted, endpoint down): retry the endpoints in turn with backoff, resuming
/// each watch after the last revision it delivered; meanwhile the last snapshot keeps serving.</item>
/// <item>Compaction (the resume revision is gone): read the prefixes again, apply the difference, watch on.</item>
/// <item>Stall: a watch that answers nothing (progress requests included) for <see cref="KvSourceOptions.StallTimeout"/> is reopened.</item>
/// <item>A value its consumer cannot use is refused with a log line; the key keeps its previous value.</item>
/// </list>
/// Written against etcd's generated gRPC clients rather than dotnet-etcd's high-level watch, which
/// neither recovers from compaction nor keeps quiet (it writes to the console).
/// </summary>
public sealed class KvSource : IAsyncDisposable
{
    private readonly KvSourceSettings _settings;
    private readonly IReadOnlyList<KvWatchedPrefix> _prefixes;
    private readonly ILogger _logger;
    private readonly KvSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>Per prefix, the last revision its watch (or the start-up read) delivered; only the loop touches it.</summary>
    private readonly Dictionary<string, long> _resumeAfter = new(StringComparer.Ordinal);
    private volatile KvSnapshot _current = KvSnapshot.Empty;
    private volatile KvSourceStatus _status;
    private bool _mustRead = true;
    private Task? _loop;

    public KvSource(KvSourceSettings settings, IEnumerable<KvWatchedPrefix> prefixes, ILogger logger,
        KvSourceOptions? options = null, TimeProvider? time = null)
    {
        _settings = settings;
        _prefixes = [.. prefixes];
        _logger = logger;
        _options = options ?? new KvSourceOptions();
        _time = time ?? TimeProvider.System;
        _status = new KvSourceStatus(settings.Name, false, null, 0, false, null, null);
        if (_settings.Endpoints.Count == 0) throw new ArgumentException("a kv_source needs at least one endpoint", nameof(settings));
    }

    public string Name => _settings.Name;

    /// <summary>What defines this source (a reload with the same settings and prefixes keeps it).</summary>
    public KvSourceSettings Settings => _settings;

    public IReadOnlyList<KvWatchedPrefix> Prefixes => _prefixes;

    /// <summary>The snapshot to serve right now.</summary>
    public KvSnapshot Current => _current;

    public KvSourceStatus Status => _status;

    /// <summary>Raised on the watch loop after each swap of <see cref="Current"/>.</summary>
    public event Action<KvSnapshot>? Changed;

    /// <summary>Completes once there is something to serve: the cache file, or the first read from etcd.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Loads the cache file (if any) synchronously, then connects and watches in the background.</summary>
    public void Start()
    {
        if (_loop is not null) return;
        LoadCache();
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    private void LoadCache()
    {
        if (_settings.CachePath is not { } path) return;
        KvSnapshot? cached;
        try
        {
            cached = KvCacheFile.Read(path);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            _logger.LogWarning("kv_source \"{Source}\": cannot read cache file \"{Path}\" ({Reason}), starting empty", Name, path, e.Message);
            return;
        }
        if (cached is null) return;
        // Only what is still watched, and only what today's rules accept.
        var entries = cached.Entries.Where(e => PrefixesOf(e.Key).Any() && Accept(e.Key, e.Value, cached.Revision));
        Publish(cached with { Entries = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, entries) }, writeCache: false);
        _status = _status with { Revision = cached.Revision, ServingCache = true };
        _logger.LogInformation("kv_source \"{Source}\": serving cached revision {Revision} from \"{Path}\"", Name, cached.Revision, path);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var endpointIndex = 0;
        var delay = _options.MinimumRetryDelay;
        while (!stop.IsCancellationRequested)
        {
            var endpoint = _settings.Endpoints[endpointIndex];
            var stalled = new StrongBox<bool>();
            try
            {
                using var channel = EtcdKeys.Channel(endpoint, _options.RequestTimeout);
                if (_mustRead)
                {
                    await ReadAllAsync(new KV.KVClient(channel), endpoint, stop);
                    _mustRead = false;
                    delay = _options.MinimumRetryDelay;
                }
                await WatchAsync(new Watch.WatchClient(channel), endpoint, stalled, stop);
                delay = _options.MinimumRetryDelay;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var reason = stalled.Value ? $"watch stalled (nothing heard for {_options.StallTimeout.TotalSeconds:0.#}s)" : Describe(e);
                _status = _status with { Connected = false, LastError = reason };
                _logger.LogWarning("kv_source \"{Source}\": etcd {Endpoint} failed: {Reason}; serving revision {Revision}, retrying in {Delay}ms",
                    Name, endpoint, reason, _current.Revision, (int)delay.TotalMilliseconds);
                endpointIndex = (endpointIndex + 1) % _settings.Endpoints.Count;
                try
                {
                    await Task.Delay(delay, _time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaximumRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Reads every prefix at one revision (the first read's) and applies the difference to what is served.</summary>
    private async Task ReadAllAsync(KV.KVClient kv, string endpoint, CancellationToken stop)
    {
        long revision = 0;
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var prefix in _prefixes)
        {
            var request = new RangeRequest { Key = EtcdKeys.Key(prefix.Prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix.Prefix), Revision = revision };
            var response = await kv.RangeAsync(request, deadline: DateTime.UtcNow + _options.RequestTimeout, cancellationToken: stop);
            if (revision == 0) revision = response.Header.Revision;
            foreach (var pair in response.Kvs) entries[pair.Key.ToStringUtf8()] = pair.Value.ToStringUtf8();
        }

        var current = _current;
        var next = current.Entries.ToBuilder();
        foreach (var key in current.Entries.Keys)
            if (!entries.ContainsKey(key)) next.Remove(key);
        foreach (var (key, value) in entries)
            if (current.Get(key) != value && Accept(key, value, revision)) next[key] = value;
        foreach (var prefix in _prefixes) _resumeAfter[prefix.Prefix] = revision;

        Publish(new KvSnapshot(revision, next.ToImmutable(), FromCache: false), writeCache: true);
        _status = _status with { Endpoint = endpoint, Revision = revision, ServingCache = false, LastEventAt = _time.GetUtcNow() };
        _logger.LogInformation("kv_source \"{Source}\": read {Count} keys at revision {Revision} from {Endpoint}", Name, entries.Count, revision, endpoint);
    }

    private async Task WatchAsync(Watch.WatchClient client, string endpoint, StrongBox<bool> stalled, CancellationToken stop)
    {
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var call = client.Watch(cancellationToken: watchStop.Token);
        var awaitingCreation = new Queue<string>();
        var prefixOfWatch = new Dictionary<long, string>();
        foreach (var prefix in _prefixes)
        {
            awaitingCreation.Enqueue(prefix.Prefix);
            await call.RequestStream.WriteAsync(new WatchRequest
            {
                CreateRequest = new WatchCreateRequest
                {
                    Key = EtcdKeys.Key(prefix.Prefix),
                    RangeEnd = EtcdKeys.PrefixEnd(prefix.Prefix),
                    StartRevision = _resumeAfter[prefix.Prefix] + 1,
                    ProgressNotify = true,
                },
            }, stop);
        }

        var lastHeard = _time.GetTimestamp();
        var watchdog = WatchdogAsync(call.RequestStream, () => lastHeard, stalled, watchStop);
        try
        {
            while (await call.ResponseStream.MoveNext(watchStop.Token))
            {
                lastHeard = _time.GetTimestamp();
                var response = call.ResponseStream.Current;
                if (response.CompactRevision != 0)
                {
                    _logger.LogWarning("kv_source \"{Source}\": revision {Revision} was compacted (compact revision {Compact}); reading the prefixes again",
                        Name, _current.Revision + 1, response.CompactRevision);
                    _mustRead = true;
                    return;
                }
                if (response.Created)
                {
                    if (awaitingCreation.Count > 0) prefixOfWatch[response.WatchId] = awaitingCreation.Dequeue();
                    if (awaitingCreation.Count == 0) _status = _status with { Connected = true, Endpoint = endpoint, LastError = null };
                }
                if (response.Canceled)
                    throw new InvalidOperationException("watch canceled by etcd: " + response.CancelReason);
                if (response.Events.Count > 0 && prefixOfWatch.TryGetValue(response.WatchId, out var watched))
                    ApplyEvents(watched, response.Events);
            }
            throw new InvalidOperationException("watch stream closed");
        }
        finally
        {
            await watchStop.CancelAsync();
            await watchdog;
        }
    }

    /// <summary>Asks for progress every interval and cancels the watch when nothing at all came back for too long.</summary>
    private async Task WatchdogAsync(IClientStreamWriter<WatchRequest> requests, Func<long> lastHeard, StrongBox<bool> stalled, CancellationTokenSource watch)
    {
        try
        {
            while (!watch.IsCancellationRequested)
            {
                await Task.Delay(_options.ProgressInterval, _time, watch.Token);
                if (_time.GetElapsedTime(lastHeard()) > _options.StallTimeout)
                {
                    stalled.Value = true;
                    await watch.CancelAsync();
                    return;
                }
                await requests.WriteAsync(new WatchRequest { ProgressRequest = new WatchProgressRequest() }, watch.Token);
            }
        }
        catch (Exception) when (watch.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            // The stream broke under the writer: the reader sees it too and reconnects.
        }
    }

    private void ApplyEvents(string watchedPrefix, IEnumerable<Mvccpb.Event> events)
    {
        var current = _current;
        var next = current.Entries.ToBuilder();
        var revision = current.Revision;
        foreach (var change in events)
        {
            var key = change.Kv.Key.ToStringUtf8();
            var at = change.Kv.ModRevision;
            if (change.Type == Mvccpb.Event.Types.EventType.Delete)
                next.Remove(key);
            else if (Accept(key, change.Kv.Value.ToStringUtf8(), at))
                next[key] = change.Kv.Value.ToStringUtf8();
            revision = Math.Max(revision, at);
            _resumeAfter[watchedPrefix] = Math.Max(_resumeAfter[watchedPrefix], at);
        }
        Publish(new KvSnapshot(revision, next.ToImmutable(), FromCache: false), writeCache: true);
        _status = _status with { Revision = revision, ServingCache = false, LastEventAt = _time.GetUtcNow() };
    }

    private IEnumerable<KvWatchedPrefix> PrefixesOf(string key) =>
        _prefixes.Where(p => key.StartsWith(p.Prefix, StringComparison.Ordinal));

    /// <summary>Runs the common checks then every consumer's; logs and returns false on the first refusal.</summary>
    private bool Accept(string key, string value, long revision)
    {
        var reason = KvValueRules.CheckCommon(value) ?? PrefixesOf(key).Select(p => p.Validate(value)).FirstOrDefault(r => r is not null);
        if (reason is null) return true;
        var kept = _current.Get(key) is null ? "key ignored" : "keeping the previous value";
        _logger.LogError("kv_source \"{Source}\": refused value of \"{Key}\" at revision {Revision}: {Reason}; {Kept}", Name, key, revision, reason, kept);
        return false;
    }

    private void Publish(KvSnapshot snapshot, bool writeCache)
    {
        _current = snapshot;
        if (writeCache && _settings.CachePath is { } path)
        {
            try
            {
                KvCacheFile.Write(path, Name, snapshot);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("kv_source \"{Source}\": cannot write cache file \"{Path}\": {Reason}", Name, path, e.Message);
            }
        }
        _ready.TrySetResult();
        Changed?.Invoke(snapshot);
    }

    private static string Describe(Exception e) => e switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => e.Message,
    };

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
        _stop.Dispose();
    }
}
