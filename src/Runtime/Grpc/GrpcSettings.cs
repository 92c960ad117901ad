using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Grpc;

/// <summary>A location's grpc settings, inherited as ngx_http_grpc_merge_loc_conf merges them.</summary>
public sealed record GrpcSettings(TimeSpan ConnectTimeout, TimeSpan ReadTimeout)
{
    /// <summary>
    /// ngx_http_grpc_headers: what goes up besides the client's headers unless grpc_set_header names it. Host is
    /// the <c>:authority</c> (<see cref="GrpcPassTarget.Authority"/>); the hop-by-hop headers are not sent; <c>TE</c> only as
    /// <c>trailers</c>, when the client asked for them.
    /// </summary>
    private static readonly (string, string)[] DefaultHeaders =
    [
        ("Content-Length", "$content_length"), ("TE", "$grpc_internal_trailers"), ("Connection", ""), ("Proxy-Connection", ""),
        ("Transfer-Encoding", ""), ("Keep-Alive", ""), ("Expect", ""), ("Upgrade", ""),
    ];

    /// <summary>ngx_http_grpc_hide_headers (Date and Server aside: ours replace them).</summary>
    private static readonly string[] HiddenByDefault =
        ["X-Accel-Expires", "X-Accel-Redirect", "X-Accel-Limit-Rate", "X-Accel-Buffering", "X-Accel-Charset"];

    public NextUpstreamRules NextUpstream { get; init; } = NextUpstreamRules.Default;
    public ProxyHeaders Headers { get; init; } = ProxyHeaders.None;
    public ProxyHiddenHeaders HiddenHeaders { get; init; } = ProxyHiddenHeaders.Default;
    public bool InterceptErrors { get; init; }

    public static GrpcSettings Compile(DirectiveScope scope, CompileContext context) => new(
        scope.Get(GrpcDirectives.ConnectTimeout, context),
        scope.Get(GrpcDirectives.ReadTimeout, context))
    {
        NextUpstream = ProxySettings.CompileNextUpstream(scope, context, GrpcDirectives.NextUpstream, GrpcDirectives.NextUpstreamTries, GrpcDirectives.NextUpstreamTimeout),
        Headers = ProxyHeaders.Compile(scope, context, GrpcDirectives.SetHeader, DefaultHeaders),
        HiddenHeaders = ProxyHiddenHeaders.Compile(scope, GrpcDirectives.PassHeader, GrpcDirectives.HideHeader, HiddenByDefault),
        InterceptErrors = scope.Get(GrpcDirectives.InterceptErrors, context),
    };
}
