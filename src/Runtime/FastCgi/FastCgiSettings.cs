using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>A location's fastcgi settings, inherited as nginx merges them (ngx_http_fastcgi_merge_loc_conf).</summary>
public sealed record FastCgiSettings(TimeSpan ConnectTimeout, TimeSpan ReadTimeout, CgiParams Params)
{
    public NextUpstreamRules NextUpstream { get; init; } = NextUpstreamRules.Default;
    public ProxyHiddenHeaders HiddenHeaders { get; init; } = ProxyHiddenHeaders.Default;
    public bool InterceptErrors { get; init; }
    public bool PassRequestHeaders { get; init; } = true;
    public bool PassRequestBody { get; init; } = true;

    /// <summary><c>fastcgi_keep_conn</c>: asks the peer to keep the connection (kept only with an upstream <c>keepalive</c>).</summary>
    public bool KeepConn { get; init; }

    /// <summary><c>fastcgi_catch_stderr</c>: a stderr record holding one of these before the header makes the response invalid.</summary>
    public IReadOnlyList<string> CatchStderr { get; init; } = [];

    /// <summary><c>fastcgi_buffer_size</c>: the response header must fit in it.</summary>
    public long BufferSize { get; init; } = 4096;

    public static FastCgiSettings Compile(DirectiveScope scope, CompileContext context) => new(
        scope.Get(FastCgiDirectives.ConnectTimeout, context),
        scope.Get(FastCgiDirectives.ReadTimeout, context),
        CgiParams.Compile(scope, FastCgiDirectives.Param, context))
    {
        NextUpstream = ProxySettings.CompileNextUpstream(scope, context, FastCgiDirectives.NextUpstream, FastCgiDirectives.NextUpstreamTries, FastCgiDirectives.NextUpstreamTimeout),
        HiddenHeaders = ProxyHiddenHeaders.Compile(scope, FastCgiDirectives.PassHeader, FastCgiDirectives.HideHeader, ProxyHiddenHeaders.CgiDefaults),
        InterceptErrors = scope.Get(FastCgiDirectives.InterceptErrors, context),
        PassRequestHeaders = scope.Get(FastCgiDirectives.PassRequestHeaders, context),
        PassRequestBody = scope.Get(FastCgiDirectives.PassRequestBody, context),
        KeepConn = scope.Get(FastCgiDirectives.KeepConn, context),
        CatchStderr = scope.NearestAll(FastCgiDirectives.CatchStderr).Where(d => d.Args.Count == 1).Select(d => d.Args[0].Value).ToArray(),
        BufferSize = scope.Get(FastCgiDirectives.BufferSize, context),
    };
}
