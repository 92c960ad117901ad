namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// Where a directive may appear: nginx's <c>NGX_MAIN_CONF</c>, <c>NGX_EVENT_CONF</c>,
/// <c>NGX_HTTP_MAIN_CONF</c>, <c>NGX_HTTP_SRV_CONF</c>, <c>NGX_HTTP_LOC_CONF</c>, <c>NGX_HTTP_UPS_CONF</c>,
/// <c>NGX_HTTP_SIF_CONF</c>, <c>NGX_HTTP_LIF_CONF</c>, <c>NGX_HTTP_LMT_CONF</c>, plus stream and mail.
/// A block's body is exactly one of these; a spec allows a set of them.
/// </summary>
[Flags]
public enum DirectiveContext
{
    None = 0,
    Main = 1 << 0,
    Events = 1 << 1,
    Http = 1 << 2,
    Server = 1 << 3,
    Location = 1 << 4,
    Upstream = 1 << 5,
    IfInServer = 1 << 6,
    IfInLocation = 1 << 7,
    LimitExcept = 1 << 8,
    Stream = 1 << 9,
    Mail = 1 << 10,

    /// <summary>The common <c>NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF</c>.</summary>
    HttpAny = Http | Server | Location,
}
