using ProxyServer.NginxConf.Directives;
using ProxyServer.Runtime.Cache;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Cgi;

/// <summary>
/// fastcgi_pass, scgi_pass, uwsgi_pass (ngx_http_fastcgi_handler and its twins): the body read whole, the group
/// found (at compile time, or per request from the evaluated address), then the one attempt loop with the
/// module's wire.
/// </summary>
public sealed class CgiContentHandler(CgiPass target, Func<UpstreamKeepalive?, CgiUpstreamProtocol> protocol) : IContentHandler
{
    public async Task<int> HandleAsync(NginxRequest request)
    {
        if (await RequestBody.ReadAsync(request) is > 0 and var bodyStatus) return bodyStatus;
        var (group, upstream, status) = await target.FindGroupAsync(request);
        if (group is null) return status;
        var wire = protocol(upstream?.Keepalive);
        var hashKey = upstream?.HashKey?.Evaluate(request);
        if (wire.Settings.Cache is not { } policy)
            return await new ProxyAttemptLoop(request, wire, "", group, hashKey, upstream?.Keepalive).RunAsync();
        // ngx_http_upstream_init_request: the cache answers first, the loop fetches what it lacks
        return await CacheRequest.HandleAsync(request, policy,
            cache => new ProxyAttemptLoop(request, wire, "", group, hashKey, upstream?.Keepalive, cache).RunAsync(),
            wire.Settings.HiddenHeaders.Apply);
    }

    /// <summary>
    /// The location's <c>*_pass</c> (its own, or the enclosing location's for <c>if</c> and <c>limit_except</c>)
    /// as its content handler; a prefix location ending in <c>/</c> redirects its name without the slash, as nginx's
    /// pass handlers set <c>auto_redirect</c>. False when the location has none.
    /// </summary>
    public static bool Compile(LocationBuilder location, CompileContext context, DirectiveKey pass, string scheme,
        Func<UpstreamKeepalive?, CgiUpstreamProtocol> protocol) =>
        Compile(location, context, pass, scheme, target => new CgiContentHandler(target, protocol));

    /// <summary>The same for a module with a content handler of its own (memcached: no body, GET and HEAD only).</summary>
    public static bool Compile(LocationBuilder location, CompileContext context, DirectiveKey pass, string scheme,
        Func<CgiPass, IContentHandler> handler)
    {
        var directive = ProxyModule.PassOf(location, pass);
        if (directive is not { Args.Count: 1 }) return false;
        if (CgiPass.Compile(directive.Args[0].Value, directive.Position, context, scheme) is { } target)
            location.Content = handler(target);
        if (location.Kind is LocationKind.Prefix or LocationKind.PrefixNoRegex or LocationKind.Exact && location.Name.EndsWith('/'))
            location.AutoRedirect = true;
        return true;
    }
}
