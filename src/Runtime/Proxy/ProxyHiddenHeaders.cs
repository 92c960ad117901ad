using ProxyServer.Runtime.Compile;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// Response headers of the upstream nginx does not pass to the client: <c>X-Pad</c> and the
/// <c>X-Accel-*</c> family by default (Date and Server are replaced by our own), plus every
/// <c>proxy_hide_header</c>, minus the defaults a <c>proxy_pass_header</c> lets through. Both lists
/// come from the nearest level that has any, as nginx inherits them.
/// </summary>
public sealed class ProxyHiddenHeaders(IReadOnlySet<string> hidden)
{
    /// <summary>ngx_http_proxy_hide_headers (Date and Server aside).</summary>
    private static readonly string[] Defaults =
        ["X-Pad", "X-Accel-Expires", "X-Accel-Redirect", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset"];

    /// <summary>ngx_http_fastcgi_hide_headers, and scgi's and uwsgi's: the CGI <c>Status</c> header and the X-Accel family.</summary>
    public static readonly IReadOnlyList<string> CgiDefaults =
        ["Status", "X-Accel-Expires", "X-Accel-Redirect", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset"];

    public static ProxyHiddenHeaders Default { get; } = new(new HashSet<string>(Defaults, StringComparer.OrdinalIgnoreCase));

    public IReadOnlySet<string> Names => hidden;

    public static ProxyHiddenHeaders Compile(DirectiveScope scope) => Compile(scope, ProxyDirectives.PassHeader, ProxyDirectives.HideHeader, Defaults);

    /// <summary>One module's lists (<c>*_pass_header</c>, <c>*_hide_header</c>) over its defaults (ngx_http_upstream_hide_headers_hash).</summary>
    public static ProxyHiddenHeaders Compile(DirectiveScope scope, NginxConf.Directives.DirectiveKey passKey, NginxConf.Directives.DirectiveKey hideKey, IEnumerable<string> defaults)
    {
        var names = new HashSet<string>(defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var pass in scope.NearestAll(passKey).Where(d => d.Args.Count == 1)) names.Remove(pass.Args[0].Value);
        foreach (var hide in scope.NearestAll(hideKey).Where(d => d.Args.Count == 1)) names.Add(hide.Args[0].Value);
        return new ProxyHiddenHeaders(names);
    }

    public void Apply(Microsoft.AspNetCore.Http.IHeaderDictionary responseHeaders)
    {
        foreach (var name in hidden) responseHeaders.Remove(name);
    }
}
