using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>A location's fastcgi settings, inherited as nginx merges them (ngx_http_fastcgi_merge_loc_conf): what every CGI module has, and FastCGI's own.</summary>
public sealed record FastCgiSettings(CgiSettings Cgi)
{
    public static readonly CgiKeys Keys = new(FastCgiDirectives.Param, FastCgiDirectives.ConnectTimeout, FastCgiDirectives.ReadTimeout,
        FastCgiDirectives.InterceptErrors, FastCgiDirectives.PassRequestHeaders, FastCgiDirectives.PassRequestBody,
        FastCgiDirectives.NextUpstream, FastCgiDirectives.NextUpstreamTries, FastCgiDirectives.NextUpstreamTimeout,
        FastCgiDirectives.PassHeader, FastCgiDirectives.HideHeader, FastCgiDirectives.BufferSize,
        Cache.CacheDirectiveKeys.Of(FastCgiDirectives.CacheKeys));

    /// <summary><c>fastcgi_keep_conn</c>: asks the peer to keep the connection (kept only with an upstream <c>keepalive</c>).</summary>
    public bool KeepConn { get; init; }

    /// <summary><c>fastcgi_catch_stderr</c>: a stderr record holding one of these before the header makes the response invalid.</summary>
    public IReadOnlyList<string> CatchStderr { get; init; } = [];

    public static FastCgiSettings Compile(DirectiveScope scope, CompileContext context) => new(CgiSettings.Compile(scope, context, Keys))
    {
        KeepConn = scope.Get(FastCgiDirectives.KeepConn, context),
        CatchStderr = scope.NearestAll(FastCgiDirectives.CatchStderr).Where(d => d.Args.Count == 1).Select(d => d.Args[0].Value).ToArray(),
    };
}
