namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>
/// nginx's choice after an attempt went wrong (<c>ngx_http_upstream_next</c> and <c>ngx_http_upstream_test_next</c>):
/// retry on the next peer, or stop and answer with the failure's status (or, for an answered status
/// that is not retried, pass that response through).
/// </summary>
public static class NextUpstreamDecision
{
    /// <summary>
    /// A connection error, timeout or invalid header: frees the peer as failed, then retries if tries
    /// remain, the condition is listed, a sent non-idempotent request (POST, LOCK, PATCH) is allowed
    /// again, and proxy_next_upstream_timeout has not passed. Returns null to retry, else the status.
    /// </summary>
    public static int? AfterFailure(PeerSelection selection, UpstreamFailure failure, NextUpstreamRules rules,
        string method, bool requestSent, TimeSpan elapsed) => AfterFailure(selection, failure, rules, method, requestSent, elapsed, out _);

    /// <inheritdoc cref="AfterFailure(PeerSelection, UpstreamFailure, NextUpstreamRules, string, bool, TimeSpan)"/>
    /// <param name="disabled">This failure took the peer out of rotation (nginx warns "upstream server temporarily disabled").</param>
    public static int? AfterFailure(PeerSelection selection, UpstreamFailure failure, NextUpstreamRules rules,
        string method, bool requestSent, TimeSpan elapsed, out bool disabled)
    {
        disabled = selection.Free(failure.Outcome());
        var needed = Needed(failure, method, requestSent);
        var retry = selection.Tries != 0 && (rules.Conditions & needed) == needed && !Expired(rules, elapsed);
        return retry ? null : failure.FinalStatus();
    }

    /// <summary>
    /// An answered status: true when nginx would drop this response and try the next peer (the peer is
    /// then freed, as failed for 5xx/429, as "next" for 403/404); false to pass the response on.
    /// Unlike a connection failure, the last try's response is always passed on.
    /// </summary>
    public static bool RetryStatus(PeerSelection selection, int status, NextUpstreamRules rules, string method,
        bool requestSent, TimeSpan elapsed)
    {
        if (UpstreamFailures.ForStatus(status) is not { } failure) return false;
        var needed = Needed(failure, method, requestSent);
        if (selection.Tries <= 1 || (rules.Conditions & needed) != needed || Expired(rules, elapsed)) return false;
        selection.Free(failure.Outcome());
        return true;
    }

    private static NextUpstreamConditions Needed(UpstreamFailure failure, string method, bool requestSent) =>
        requestSent && method is "POST" or "LOCK" or "PATCH"
            ? failure.Condition() | NextUpstreamConditions.NonIdempotent
            : failure.Condition();

    private static bool Expired(NextUpstreamRules rules, TimeSpan elapsed) =>
        rules.Timeout > TimeSpan.Zero && elapsed >= rules.Timeout;
}
