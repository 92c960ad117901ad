namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>The cases of <c>proxy_next_upstream</c> (nginx's NGX_HTTP_UPSTREAM_FT_* bits).</summary>
[Flags]
public enum NextUpstreamConditions
{
    None = 0,
    Error = 1 << 0,
    Timeout = 1 << 1,
    InvalidHeader = 1 << 2,
    Http500 = 1 << 3,
    Http502 = 1 << 4,
    Http503 = 1 << 5,
    Http504 = 1 << 6,
    Http403 = 1 << 7,
    Http404 = 1 << 8,
    Http429 = 1 << 9,
    Updating = 1 << 10,
    NonIdempotent = 1 << 11,
    Off = 1 << 12,
}
