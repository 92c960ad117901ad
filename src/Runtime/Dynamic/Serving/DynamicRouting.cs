using System.Collections.Frozen;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Dynamic.Routing;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// The dynamic state one model serves with (published in the model's features): its kv sources and
/// its upstream groups whose peers change live (kv_servers, <c>server NAME resolve</c>).
/// </summary>
public sealed class DynamicRouting
{
    public DynamicRouting(IReadOnlyList<KvSource> sources, IReadOnlyDictionary<string, LiveUpstreamGroup> liveUpstreams)
    {
        Sources = sources;
        LiveUpstreams = liveUpstreams.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<KvSource> Sources { get; }
    public FrozenDictionary<string, LiveUpstreamGroup> LiveUpstreams { get; }

    /// <summary><c>$kv_revision</c>: the revision served, per source in declaration order, comma-separated.</summary>
    public string Revision => string.Join(',', Sources.Select(s => s.Current.Revision));

    /// <summary>
    /// <c>$kv_status</c>: per source whether its watch is connected, the revision served, whether that is
    /// the cache file's, and the age of the last change in seconds, as a JSON array (a minimal status endpoint:
    /// <c>location = /kv-status { return 200 $kv_status; }</c>).
    /// </summary>
    public string StatusJson(DateTimeOffset now) => System.Text.Json.JsonSerializer.Serialize(Sources.Select(s => s.Status).Select(s => new
    {
        name = s.Name,
        connected = s.Connected,
        endpoint = s.Endpoint,
        revision = s.Revision,
        serving_cache = s.ServingCache,
        last_event_age_seconds = s.AgeOfLastEvent(now) is { } age ? Math.Round(age.TotalSeconds, 3) : (double?)null,
        last_error = s.LastError,
    }));

    /// <summary>
    /// The request-time resolver for <c>proxy_pass</c> with variables in this request's location:
    /// upstream groups first (a live one by that name, else <paramref name="staticGroup"/>), then an
    /// address, then the location's resolver, with its resolver_deny.
    /// </summary>
    public static RequestTimeTargetResolver TargetResolver(NginxRequest request, Func<string, UpstreamGroup?> staticGroup,
        Func<string, UpstreamGroup?>? implicitGroup = null)
    {
        var routing = request.Model.Features.Get<DynamicRouting>();
        var inForce = request.Location.Features.Get<ResolverInForce>();
        return new RequestTimeTargetResolver(
            name => routing?.LiveUpstreams.GetValueOrDefault(name) is { } live ? live.Current : staticGroup(name),
            inForce?.Resolver,
            inForce?.Deny ?? ResolverDenyList.Empty,
            implicitGroup);
    }
}
