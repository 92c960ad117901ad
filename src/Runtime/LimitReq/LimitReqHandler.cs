using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.LimitReq;

/// <summary>
/// A location's <c>limit_req</c>s in the preaccess phase (ngx_http_limit_req_handler): every limit is looked
/// up in order, holding its key's node, and the last one charges its bucket; the first refusal lets the
/// held nodes go uncharged and answers <c>limit_req_status</c> (503); otherwise every held node is charged
/// and the request waits the longest delay any of them asks, on a timer (no thread, no CPU). Once per
/// request: after an internal redirect the verdict stands (r->main->limit_req_status).
/// </summary>
public sealed class LimitReqHandler(LimitReqRule[] limits, LimitReqSettings settings) : IAccessHandler
{
    public IReadOnlyList<LimitReqRule> Limits => limits;

    public async ValueTask<int> CheckAsync(NginxRequest request)
    {
        if (request.Features.Get<LimitReqVerdict>() is not null) return Outcome.Continue;

        var held = new LimitReqNode?[limits.Length];
        var rc = LimitReqResult.Ok;
        var declined = true;
        long excess = 0;
        int n;
        for (n = 0; n < limits.Length; n++)
        {
            var limit = limits[n];
            var key = limit.Zone.Key.Evaluate(request);
            if (key.Length == 0) continue;
            if (key.Length > 65535)
            {
                request.LogError($"the value of the \"{limit.Zone.Key.Source}\" key is more than 65535 bytes: \"{key}\"");
                continue;
            }
            var zone = limit.Zone.Zone;
            lock (zone.Mutex)
                rc = zone.Lookup(key, limit.Zone.Rate, limit.Burst, n == limits.Length - 1, request.Model.ErrorLog, out excess, out held[n]);
            declined = false;
            if (rc != LimitReqResult.Again) break;
        }
        if (declined) return Outcome.Continue;

        var dryRun = settings.DryRun ? ", dry run" : "";
        if (rc is LimitReqResult.Busy or LimitReqResult.Error)
        {
            if (rc == LimitReqResult.Busy)
                request.Log(settings.LimitLevel, $"limiting requests{dryRun}, excess: {Thousandths(excess)} by zone \"{limits[n].Zone.Zone.Name}\"");
            Release(held, n);
            request.Features.Set(settings.DryRun ? LimitReqVerdict.RejectedDryRun : LimitReqVerdict.Rejected);
            return settings.DryRun ? Outcome.Continue : settings.Status;
        }

        // rc is Ok (the last limit charged) or Again (the last limits had no key).
        if (rc == LimitReqResult.Again) excess = 0;
        var delay = Account(held, n, ref excess, out var delaying);
        if (delay == 0)
        {
            request.Features.Set(LimitReqVerdict.Passed);
            return Outcome.Continue;
        }
        request.Log(settings.DelayLevel, $"delaying request{dryRun}, excess: {Thousandths(excess)}, by zone \"{delaying.Zone.Zone.Name}\"");
        if (settings.DryRun)
        {
            request.Features.Set(LimitReqVerdict.DelayedDryRun);
            return Outcome.Continue;
        }
        request.Features.Set(LimitReqVerdict.Delayed);
        await Task.Delay(TimeSpan.FromMilliseconds(delay), request.Http.RequestAborted);
        return Outcome.Continue;
    }

    /// <summary>
    /// ngx_http_limit_req_account: the delay the limit that charged (<paramref name="n"/>, or the last when
    /// none did) asks above its <c>delay=</c>, then every held node before it charged, the longest delay winning.
    /// </summary>
    private long Account(LimitReqNode?[] held, int n, ref long excess, out LimitReqRule delaying)
    {
        delaying = limits[Math.Min(n, limits.Length - 1)];
        var maxDelay = excess <= delaying.Delay ? 0 : (excess - delaying.Delay) * 1000 / delaying.Zone.Rate;
        while (n-- > 0)
        {
            if (held[n] is not { } node) continue;
            var limit = limits[n];
            long left;
            lock (limit.Zone.Zone.Mutex) left = limit.Zone.Zone.Account(node, limit.Zone.Rate);
            if (left <= limit.Delay) continue;
            var delay = (left - limit.Delay) * 1000 / limit.Zone.Rate;
            if (delay > maxDelay)
            {
                maxDelay = delay;
                excess = left;
                delaying = limit;
            }
        }
        return maxDelay;
    }

    /// <summary>ngx_http_limit_req_unlock.</summary>
    private void Release(LimitReqNode?[] held, int n)
    {
        while (n-- > 0)
            if (held[n] is { } node)
                lock (limits[n].Zone.Zone.Mutex) LimitReqZone.Release(node);
    }

    private static string Thousandths(long excess) => $"{excess / 1000}.{excess % 1000:D3}";
}

/// <summary><c>$limit_req_status</c>: what the preaccess phase decided for the request.</summary>
public sealed class LimitReqVerdict
{
    private LimitReqVerdict(string text) => Text = text;

    public string Text { get; }

    public static LimitReqVerdict Passed { get; } = new("PASSED");
    public static LimitReqVerdict Delayed { get; } = new("DELAYED");
    public static LimitReqVerdict Rejected { get; } = new("REJECTED");
    public static LimitReqVerdict DelayedDryRun { get; } = new("DELAYED_DRY_RUN");
    public static LimitReqVerdict RejectedDryRun { get; } = new("REJECTED_DRY_RUN");
}
