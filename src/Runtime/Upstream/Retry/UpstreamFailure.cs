namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>Why an attempt at a peer did not give a usable response (nginx's ft_type).</summary>
public enum UpstreamFailure
{
    /// <summary>Connection refused or reset, or the peer closed before a full header.</summary>
    Error,
    Timeout,
    InvalidHeader,
    Http500,
    Http502,
    Http503,
    Http504,
    Http403,
    Http404,
    Http429,
}

public static class UpstreamFailures
{
    /// <summary>The retry condition an answered status stands for, if any (nginx's next_errors table).</summary>
    public static UpstreamFailure? ForStatus(int status) => status switch
    {
        500 => UpstreamFailure.Http500,
        502 => UpstreamFailure.Http502,
        503 => UpstreamFailure.Http503,
        504 => UpstreamFailure.Http504,
        403 => UpstreamFailure.Http403,
        404 => UpstreamFailure.Http404,
        429 => UpstreamFailure.Http429,
        _ => null,
    };

    public static NextUpstreamConditions Condition(this UpstreamFailure failure) => failure switch
    {
        UpstreamFailure.Error => NextUpstreamConditions.Error,
        UpstreamFailure.Timeout => NextUpstreamConditions.Timeout,
        UpstreamFailure.InvalidHeader => NextUpstreamConditions.InvalidHeader,
        UpstreamFailure.Http500 => NextUpstreamConditions.Http500,
        UpstreamFailure.Http502 => NextUpstreamConditions.Http502,
        UpstreamFailure.Http503 => NextUpstreamConditions.Http503,
        UpstreamFailure.Http504 => NextUpstreamConditions.Http504,
        UpstreamFailure.Http403 => NextUpstreamConditions.Http403,
        UpstreamFailure.Http404 => NextUpstreamConditions.Http404,
        _ => NextUpstreamConditions.Http429,
    };

    /// <summary>The status the client gets when nginx gives up on this failure.</summary>
    public static int FinalStatus(this UpstreamFailure failure) => failure switch
    {
        UpstreamFailure.Timeout or UpstreamFailure.Http504 => 504,
        UpstreamFailure.Http500 => 500,
        UpstreamFailure.Http503 => 503,
        UpstreamFailure.Http403 => 403,
        UpstreamFailure.Http404 => 404,
        UpstreamFailure.Http429 => 429,
        _ => 502,
    };

    /// <summary>403 and 404 move on without blaming the peer (NGX_PEER_NEXT); everything else counts as a failure.</summary>
    public static PeerOutcome Outcome(this UpstreamFailure failure) =>
        failure is UpstreamFailure.Http403 or UpstreamFailure.Http404 ? PeerOutcome.Next : PeerOutcome.Failed;
}
