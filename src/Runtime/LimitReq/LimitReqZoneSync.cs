using Microsoft.Extensions.Logging;
using ProxyServer.Runtime.Dynamic.Etcd;

namespace ProxyServer.Runtime.LimitReq;

/// <summary>
/// <c>limit_req_zone ... sync</c> (beyond nginx; NGINX Plus's <c>zone_sync</c>): the zone's buckets follow the
/// requests every proxyserver instance with the same zone lets through. Each instance decides alone, at once,
/// from its own buckets; what it charged is put to etcd every 100 ms under
/// <c>/proxyserver/limit_req/ZONE/INSTANCE</c> and charged into the others' buckets when their watch delivers it.
/// So a key's requests across N instances are held to the zone's rate, give or take what the instances let through
/// in one exchange round before they heard of each other (measured in bench/limits-sync).
/// </summary>
public sealed class LimitReqZoneSync(IReadOnlyList<string> endpoints, long rate, ILogger logger, EtcdCounterExchangeOptions? options = null)
{
    private readonly Lock _lock = new();
    private EtcdCounterExchange? _exchange;

    /// <summary>What a reload must keep for the running zone (and its exchange) to go on: etcd's endpoints and the rate.</summary>
    public string Definition { get; } = $"{string.Join(',', endpoints)} rate={rate}";

    /// <summary>The running exchange (null until the zone serves).</summary>
    public EtcdCounterExchange? Exchange => _exchange;

    /// <summary>The etcd prefix the instances sharing <paramref name="zoneName"/> write under.</summary>
    public static string Prefix(string zoneName) => $"/proxyserver/limit_req/{zoneName}/";

    public void Start(LimitReqZone zone)
    {
        lock (_lock)
        {
            if (_exchange is not null) return;
            _exchange = new EtcdCounterExchange(endpoints, Prefix(zone.Name),
                () =>
                {
                    lock (zone.Mutex) return zone.TakeCharged();
                },
                counts =>
                {
                    lock (zone.Mutex)
                    {
                        foreach (var (key, count) in counts)
                        {
                            if (zone.ChargeRemote(key, count, rate)) continue;
                            logger.LogCritical("could not allocate node in limit_req zone \"{Zone}\"", zone.Name);
                            return;
                        }
                    }
                },
                logger, options);
            _exchange.Start();
        }
    }

    public ValueTask StopAsync()
    {
        EtcdCounterExchange? exchange;
        lock (_lock)
        {
            exchange = _exchange;
            _exchange = null;
        }
        return exchange?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
