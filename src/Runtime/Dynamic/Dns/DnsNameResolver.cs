using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace ProxyServer.Runtime.Dynamic.Dns;

/// <summary>
/// nginx's resolver over DnsClient: asks the configured servers (not the system's) for A and AAAA
/// records, caches each answer for its smallest TTL (or <c>valid=</c>) and each failure for
/// <c>valid=</c> or 10 s; a timeout is not cached. Concurrent lookups of one name share one query.
/// Every answer served from the cache starts one address further (round robin over the records).
/// </summary>
public sealed class DnsNameResolver
{
    /// <summary>nginx resends an unanswered query every 5 s until <c>resolver_timeout</c>.</summary>
    private static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(5);

    private readonly ResolverSettings _settings;
    private readonly TimeProvider _time;
    private readonly LookupClient _client;
    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    public DnsNameResolver(ResolverSettings settings, TimeProvider? time = null)
    {
        _settings = settings;
        _time = time ?? TimeProvider.System;
        var perTry = settings.Timeout < ResendInterval ? settings.Timeout : ResendInterval;
        _client = new LookupClient(new LookupClientOptions([.. settings.Servers])
        {
            UseCache = false,
            Recursion = true,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
            UseRandomNameServer = false,
            UseTcpFallback = true,
            Timeout = perTry,
            Retries = (int)Math.Ceiling(settings.Timeout / perTry) - 1,
        });
    }

    public ResolverSettings Settings => _settings;

    /// <summary>Resolves <paramref name="name"/> (an IP literal answers itself); never throws for DNS failures.</summary>
    public async ValueTask<Resolution> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        name = Normalize(name);
        var now = _time.GetUtcNow();
        if (IPAddress.TryParse(name, out var literal))
            return new Resolution(name, [literal], null, DateTimeOffset.MaxValue);

        while (true)
        {
            var entry = _cache.GetOrAdd(name, static (key, self) => new CacheEntry(self.QueryAsync(key)), this);
            if (entry.Answer.IsCompleted)
            {
                var answer = await entry.Answer;
                if (answer.ValidUntil <= now)
                {
                    // Expired: replace it (only one caller wins the swap; the others retry and find the new query).
                    _cache.TryUpdate(name, new CacheEntry(QueryAsync(name)), entry);
                    continue;
                }
                return answer.RotatedBy(entry.NextStart());
            }
            return (await entry.Answer.WaitAsync(cancellationToken)).RotatedBy(entry.NextStart());
        }
    }

    /// <summary>Forgets every cached answer (a reload with a changed resolver builds a new instance instead).</summary>
    public void Flush() => _cache.Clear();

    private async Task<Resolution> QueryAsync(string name)
    {
        using var timeout = new CancellationTokenSource(_settings.Timeout);
        var queries = new List<Task<IDnsQueryResponse>>();
        if (_settings.Ipv4) queries.Add(_client.QueryAsync(name, QueryType.A, QueryClass.IN, timeout.Token));
        if (_settings.Ipv6) queries.Add(_client.QueryAsync(name, QueryType.AAAA, QueryClass.IN, timeout.Token));
        IDnsQueryResponse[] responses;
        try
        {
            responses = await Task.WhenAll(queries).WaitAsync(_settings.Timeout + TimeSpan.FromMilliseconds(100));
        }
        catch (Exception e) when (e is DnsResponseException or OperationCanceledException or TimeoutException or SocketException)
        {
            // No answer in time (or the server is unreachable: nginx keeps resending until the timeout).
            return new Resolution(name, [], ResolveError.TimedOut, _time.GetUtcNow());
        }

        var addresses = ImmutableArray.CreateBuilder<IPAddress>();
        TimeSpan? ttl = null;
        ResolveError? error = null;
        foreach (var response in responses)
        {
            if (response.HasError)
            {
                error ??= ResolveError.FromResponseCode((int)response.Header.ResponseCode);
                continue;
            }
            foreach (var record in response.Answers)
            {
                IPAddress? address = record switch
                {
                    ARecord a => a.Address,
                    AaaaRecord aaaa => aaaa.Address,
                    _ => null,
                };
                if (address is null) continue;
                addresses.Add(address);
                var recordTtl = TimeSpan.FromSeconds(Math.Max(0, record.InitialTimeToLive));
                ttl = ttl is null || recordTtl < ttl ? recordTtl : ttl;
            }
        }
        var now = _time.GetUtcNow();
        if (addresses.Count > 0)
            return new Resolution(name, addresses.ToImmutable(), null, now + _settings.AnswerValidity(ttl ?? TimeSpan.Zero));
        // An empty NOERROR answer (the name exists without A/AAAA) is "Host not found" to nginx too.
        return new Resolution(name, [], error ?? ResolveError.HostNotFound, now + _settings.ErrorValidity);
    }

    /// <summary>DNS names compare case-insensitively; a trailing dot is the same name.</summary>
    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    private sealed class CacheEntry(Task<Resolution> answer)
    {
        private int _start = -1;

        public Task<Resolution> Answer { get; } = answer;

        public int NextStart() => Interlocked.Increment(ref _start) & int.MaxValue;
    }
}
