namespace ProxyServer.Runtime.Upstream;

/// <summary>How a request to a peer ended, as nginx tells its balancer in <c>free_peer</c>.</summary>
public enum PeerOutcome
{
    /// <summary>The peer answered (any status nginx does not retry on).</summary>
    Success,

    /// <summary>NGX_PEER_FAILED: error, timeout, invalid header, or a retried 5xx/429: counts toward max_fails.</summary>
    Failed,

    /// <summary>NGX_PEER_NEXT: a retried 403/404: the next peer is tried but this one is not blamed.</summary>
    Next,
}
