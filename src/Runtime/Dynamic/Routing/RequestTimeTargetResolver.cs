using System.Collections.Immutable;
using System.Net;
using ProxyServer.Runtime.Dynamic.Dns;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Dynamic.Routing;

/// <summary>
/// nginx's order for <c>proxy_pass http://$backend...</c> (<c>ngx_http_upstream_init_request</c>): the
/// evaluated host names an <c>upstream</c> block when it has no port (case-insensitively), and a
/// <c>host:port</c> names the implicit upstream another location's <c>proxy_pass http://host:port</c>
/// made (uscf->port == port); else an IP literal is used as is; else the location's <c>resolver</c> is asked. Failures carry nginx's status
/// and error-log text (checked against nginx 1.22.1): 500 <c>invalid port in upstream "X"</c>, 502
/// <c>no resolver defined to resolve X</c>, 502 <c>X could not be resolved (3: Host not found)</c>.
/// Our <c>resolver_deny</c> then refuses addresses in its ranges with 403.
/// </summary>
public sealed class RequestTimeTargetResolver
{
    private readonly Func<string, UpstreamGroup?> _findGroup;
    private readonly Func<string, UpstreamGroup?>? _findImplicit;
    private readonly DnsNameResolver? _resolver;
    private readonly ResolverDenyList _deny;

    /// <param name="findGroup">The <c>upstream</c> block of that name (compare case-insensitively), or null.</param>
    /// <param name="resolver">The <c>resolver</c> in force at the location, or null when none is configured.</param>
    /// <param name="findImplicit">The implicit upstream of that <c>host:port</c>, or null.</param>
    public RequestTimeTargetResolver(Func<string, UpstreamGroup?> findGroup, DnsNameResolver? resolver, ResolverDenyList? deny = null,
        Func<string, UpstreamGroup?>? findImplicit = null)
    {
        _findGroup = findGroup;
        _findImplicit = findImplicit;
        _resolver = resolver;
        _deny = deny ?? ResolverDenyList.Empty;
    }

    /// <param name="authority">The evaluated URL after the scheme, up to the path: <c>HOST[:PORT]</c> or <c>[IPv6][:PORT]</c>.</param>
    /// <param name="defaultPort">80 for http, 443 for https.</param>
    public async ValueTask<ProxyTarget> ResolveAsync(string authority, int defaultPort, CancellationToken cancellationToken = default)
    {
        if (!HostPort.TrySplit(authority, out var host, out var port))
            return new ProxyTarget.Failed(500, $"invalid port in upstream \"{authority}\"");
        if (host.Length == 0)
            return new ProxyTarget.Failed(500, $"no host in upstream \"{authority}\"");
        if (port is null && _findGroup(host) is { } group)
            return new ProxyTarget.Group(group);
        if (port is not null && _findImplicit?.Invoke($"{host}:{port}") is { } implicitGroup)
            return new ProxyTarget.Group(implicitGroup);

        var targetPort = port ?? defaultPort;
        ImmutableArray<IPAddress> addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            if (_resolver is null)
                return new ProxyTarget.Failed(502, $"no resolver defined to resolve {host}");
            var answer = await _resolver.ResolveAsync(host, cancellationToken);
            if (!answer.Succeeded) return new ProxyTarget.Failed(502, answer.ErrorLogText!);
            addresses = answer.Addresses;
        }

        var allowed = addresses.Where(a => !_deny.Denies(a)).ToImmutableArray();
        if (allowed.IsEmpty)
        {
            var denied = addresses[0];
            return new ProxyTarget.Failed(403, $"{host} resolved to {denied}, which resolver_deny {_deny.Denying(denied)} forbids");
        }
        return new ProxyTarget.Addresses(host, [.. allowed.Select(a => new IPEndPoint(a, targetPort))]);
    }
}
