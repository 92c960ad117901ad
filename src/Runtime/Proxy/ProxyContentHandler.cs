using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Cache;
using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Dynamic.Serving;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// proxy_pass: finds the location's upstream group (for a URL with variables, per request as
/// <c>ngx_http_proxy_eval</c> does) and hands the request to a <see cref="ProxyAttemptLoop"/>, the one
/// place that picks peers, forwards through YARP, decides on the next upstream and frees peers.
/// </summary>
public sealed class ProxyContentHandler(ProxyPassTarget target, ComplexValue? variables, LocationKind kind, string locationName,
    ProxySettings settings, CompiledUpstream? upstream, UpstreamRegistry? registry, LiveUpstreamGroup? live = null) : IContentHandler
{
    /// <summary><c>proxy_pass</c> as written (for a URL with variables: unparsed, see <see cref="ProxyPassTarget.HasVariables"/>).</summary>
    public ProxyPassTarget Target => target;

    /// <summary><c>$proxy_host</c> and <c>$proxy_port</c> of a literal target, the same for every request.</summary>
    private readonly ProxyRequestState _literalState = new(target.ProxyHost, target.ProxyPort);

    public async Task<int> HandleAsync(NginxRequest request)
    {
        // ngx_http_proxy_handler: unbuffered unless a body is set or not passed, or a chunked body meets HTTP/1.0
        if (!settings.RequestBuffering && settings.SetBody is null && settings.PassRequestBody
            && (settings.Http11 || request.Http.Request.Headers.TransferEncoding.Count == 0 || request.Http.Request.ContentLength is not null))
        {
            if (await RequestBody.StreamAsync(request) is > 0 and var streamStatus) return streamStatus;
        }
        // else nginx reads (and keeps, for the next peer) the whole body before it starts on the upstream.
        else if (await RequestBody.ReadAsync(request) is > 0 and var bodyStatus) return bodyStatus;
        var resolved = target;
        var compiled = upstream;
        // A live group (kv_servers, "server ... resolve") is read per request: its peers change without a reload.
        UpstreamGroup? group = live is null ? upstream?.Group : live.Current;
        if (variables is not null)
        {
            var parsed = ProxyPassTarget.ParseEvaluated(variables.Evaluate(request));
            if (parsed.Value is not { } evaluated)
            {
                request.LogError(parsed.Error!);
                return 500;
            }
            resolved = evaluated;
            // ngx_parse_unix_domain_url gave the address: no upstream block, no resolver.
            if (evaluated.Address is { IsUnix: true } unix)
            {
                (compiled, group) = (null, UpstreamGroup.OnUnixSocket(unix.Host));
            }
            else
            {
                (compiled, group, var failure) = await ResolveAtRequestTime(resolved.Authority, resolved.Scheme == "https" ? 443 : 80, request, registry);
                if (failure is not null)
                {
                    request.LogError(failure.LogLine);
                    return failure.Status;
                }
            }
        }
        if (group is null)
        {
            if (live is not null) request.ErrorLog.Write(LogLevel.Error, request, "no live upstreams while connecting to upstream", $"{target.Scheme}://{live.Name}");
            return 502;
        }

        request.Features.Set(ReferenceEquals(resolved, target) ? _literalState : new ProxyRequestState(resolved.ProxyHost, resolved.ProxyPort));
        var uri = ProxyUri.Build(request, resolved, variables is not null, kind, locationName);
        var protocol = new HttpUpstreamProtocol(settings, resolved, uri);
        var hashKey = compiled?.HashKey?.Evaluate(request);
        if (settings.ForceRanges) UpstreamRanges.Force(request);
        using var replacedBody = settings.SetBody is { } setBody
            ? ProxyRequestParts.ReplaceBody(request.Http, Core.ByteString.ToBytes(setBody.Evaluate(request)))
            : null;
        if (settings.Cache is not { } policy)
            return await new ProxyAttemptLoop(request, protocol, uri, group, hashKey, compiled?.Keepalive).RunAsync();
        return await ThroughCacheAsync(request, policy, protocol, uri, group, hashKey, compiled?.Keepalive);
    }

    /// <summary>
    /// ngx_http_upstream_init_request: the cache answers first, the loop fetches what it lacks. (A method of its
    /// own: its lambdas' captures would otherwise be allocated on every request, cached or not.)
    /// </summary>
    private Task<int> ThroughCacheAsync(NginxRequest request, Cache.CachePolicy policy, HttpUpstreamProtocol protocol, string uri,
        UpstreamGroup group, string? hashKey, UpstreamKeepalive? keepalive) =>
        CacheRequest.HandleAsync(request, policy,
            cache => new ProxyAttemptLoop(request, protocol, uri, group, hashKey, keepalive, cache).RunAsync(),
            headers =>
            {
                settings.HiddenHeaders.Apply(headers);
                settings.Redirects?.Apply(request, headers);
                settings.Cookies?.Apply(request, headers);
            });

    /// <summary>
    /// nginx's order for a URL built from variables: an <c>upstream</c> block of that name (no port),
    /// else an address; names need the <c>resolver</c>, not configured here (nginx's 502 and log line).
    /// </summary>
    internal static async Task<(CompiledUpstream?, UpstreamGroup?, Dynamic.Routing.ProxyTarget.Failed?)> ResolveAtRequestTime(string authority, int defaultPort,
        NginxRequest request, UpstreamRegistry? registry)
    {
        var resolver = DynamicRouting.TargetResolver(request, name => registry?.Find(name)?.Group, hostPort => registry?.FindImplicit(hostPort)?.Group);
        var answer = await resolver.ResolveAsync(authority, defaultPort, request.Http.RequestAborted);
        return answer switch
        {
            Dynamic.Routing.ProxyTarget.Group found => (registry?.Find(found.Upstream.Name), found.Upstream, null),
            Dynamic.Routing.ProxyTarget.Addresses addresses => (null, new UpstreamGroup(addresses.Host,
                addresses.EndPoints.Select(e => new UpstreamServer(e.ToString(), [e])).ToList()), null),
            Dynamic.Routing.ProxyTarget.Failed failed => (null, null, failed),
            _ => (null, null, new Dynamic.Routing.ProxyTarget.Failed(502, "no upstream")),
        };
    }
}
