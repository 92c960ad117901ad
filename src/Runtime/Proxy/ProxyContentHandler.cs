using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Dynamic.Serving;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// proxy_pass: picks a peer of the location's upstream group with its balancer, forwards through
/// YARP's <see cref="IHttpForwarder"/>, and on failure frees the peer as nginx does and tries the
/// next one while <c>proxy_next_upstream</c> allows (our own loop: YARP's model has no retries).
/// When no peer is live: 502 and "no live upstreams". Every attempt is recorded for <c>$upstream_*</c>.
/// </summary>
public sealed class ProxyContentHandler(ProxyTarget target, LocationKind kind, string locationName, ProxySettings settings,
    CompiledUpstream? upstream, UpstreamRegistry? registry, LiveUpstreamGroup? live = null) : IContentHandler
{
    public ProxyTarget Target => target;

    /// <summary><c>$proxy_host</c> and <c>$proxy_port</c> of a literal target, the same for every request.</summary>
    private readonly ProxyRequestState _literalState = new(target.ProxyHost, target.ProxyPort);

    public async Task<int> HandleAsync(NginxRequest request)
    {
        // nginx reads (and keeps, for the next peer) the whole body before it starts on the upstream.
        if (await RequestBody.ReadAsync(request) is > 0 and var bodyStatus) return bodyStatus;
        var resolved = target;
        var compiled = upstream;
        // A live group (kv_servers, "server ... resolve") is read per request: its peers change without a reload.
        UpstreamGroup? group = live is null ? upstream?.Group : live.Current;
        if (target.Dynamic is { } dynamic)
        {
            var url = dynamic.Evaluate(request);
            resolved = ProxyTarget.ParseLiteral(url) ?? target;
            if (ReferenceEquals(resolved, target))
            {
                request.LogError($"invalid URL prefix in \"{url}\"");
                return 500;
            }
            (compiled, group, var failure) = await ResolveAtRequestTime(resolved, request);
            if (failure is not null)
            {
                request.LogError(failure.LogLine);
                return failure.Status;
            }
        }
        if (group is null)
        {
            if (live is not null) request.ErrorLog.Write(LogLevel.Error, request, "no live upstreams while connecting to upstream", $"{target.Scheme}://{live.Name}");
            return 502;
        }

        request.Features.Set(ReferenceEquals(resolved, target) ? _literalState : new ProxyRequestState(resolved.ProxyHost, resolved.ProxyPort));
        var uri = ProxyUri.Build(request, resolved, target.Dynamic is not null, kind, locationName);

        var client = request.Http.Connection.RemoteIpAddress;
        var selection = group.Begin(client, compiled?.HashKey?.Evaluate(request));
        var rules = settings.NextUpstream;
        if (rules.Tries > 0 && selection.Tries > rules.Tries) selection.Tries = rules.Tries;
        var attempts = new UpstreamAttempts();
        request.Features.Set(attempts);

        var forwarder = new UpstreamAttemptForwarder(request, settings, resolved, uri, compiled?.Keepalive);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var peer = selection.Pick();
            if (peer is null)
            {
                var none = attempts.Start(group.Name);
                none.Status = 502;
                none.ResponseMs = 0;
                request.ErrorLog.Write(LogLevel.Error, request, "no live upstreams while connecting to upstream", $"{resolved.Scheme}://{group.Name}{uri}");
                return 502;
            }

            var attempt = attempts.Start(peer.Name);
            int? intercepted = null;
            var result = await forwarder.SendAsync(peer, attempt, status =>
            {
                if (NextUpstreamDecision.RetryStatus(selection, status, rules, request.Method, requestSent: true, Stopwatch.GetElapsedTime(started)))
                    return true;
                // proxy_intercept_errors: the location's error_page for this status answers instead of the upstream's body.
                if (settings.InterceptErrors && status >= 300 && request.Location.Core.ErrorPages.ContainsKey(status)) intercepted = status;
                return intercepted is not null;
            });

            switch (result.Kind)
            {
                case AttemptKind.Answered:
                    selection.Free(PeerOutcome.Success, result.HeaderTime, result.Total);
                    return Outcome.Done;
                case AttemptKind.Dropped when intercepted is { } errorStatus:
                    selection.Free(PeerOutcome.Success, result.HeaderTime, result.Total);
                    return errorStatus;
                case AttemptKind.Dropped:
                    continue; // RetryStatus already freed the peer
                case AttemptKind.ClientGone:
                    selection.Free(PeerOutcome.Success);
                    return 499;
                default:
                    var upstreamUrl = $"{resolved.Scheme}://{peer.Name}{uri}";
                    var stage = $" while {result.Stage} upstream";
                    request.ErrorLog.Write(LogLevel.Error, request, result.Description + stage, upstreamUrl);
                    var status = NextUpstreamDecision.AfterFailure(selection, result.Failure, rules, request.Method,
                        result.RequestSent, Stopwatch.GetElapsedTime(started), out var disabled);
                    if (disabled) request.ErrorLog.Write(LogLevel.Warn, request, "upstream server temporarily disabled" + stage, upstreamUrl);
                    attempt.Status = result.Failure.FinalStatus();
                    if (status is { } final) return final;
                    continue;
            }
        }
    }

    /// <summary>
    /// nginx's order for a URL built from variables: an <c>upstream</c> block of that name (no port),
    /// else an address; names need the <c>resolver</c>, not configured here (nginx's 502 and log line).
    /// </summary>
    private async Task<(CompiledUpstream?, UpstreamGroup?, Dynamic.Routing.ProxyTarget.Failed?)> ResolveAtRequestTime(ProxyTarget resolved, NginxRequest request)
    {
        var defaultPort = resolved.Scheme == "https" ? 443 : 80;
        var resolver = DynamicRouting.TargetResolver(request, name => registry?.Find(name)?.Group);
        var answer = await resolver.ResolveAsync(resolved.HostAndPort, defaultPort, request.Http.RequestAborted);
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
