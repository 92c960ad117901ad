using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.LimitConn;

/// <summary>
/// A location's <c>limit_conn</c>s in the preaccess phase (ngx_http_limit_conn_handler): each limit with a
/// key counts the request in, in order; one at its limit (or a full zone) lets the counts taken so far go
/// (ngx_http_limit_conn_cleanup_all) and answers <c>limit_conn_status</c>. The counts go when the request
/// ends. Once per request: after an internal redirect the verdict stands (r->main->limit_conn_status).
/// </summary>
public sealed class LimitConnHandler(LimitConnRule[] limits, LimitConnSettings settings) : IAccessHandler
{
    public ValueTask<int> CheckAsync(NginxRequest request)
    {
        if (request.Features.Get<LimitConnVerdict>() is not null) return ValueTask.FromResult(Outcome.Continue);
        List<LimitConnHold>? entered = null;
        foreach (var limit in limits)
        {
            var key = limit.Zone.Key.Evaluate(request);
            if (key.Length == 0) continue;
            if (key.Length > 255)
            {
                request.LogError($"the value of the \"{limit.Zone.Key.Source}\" key is more than 255 bytes: \"{key}\"");
                continue;
            }
            request.Features.Set(LimitConnVerdict.Passed);
            var zone = limit.Zone.Zone;
            bool admitted, full;
            LimitConnNode? node;
            lock (zone.Mutex) admitted = zone.TryEnter(key, limit.Limit, out full, out node);
            // A holder whose client has closed is over in nginx, which reads the close before the next request.
            if (!admitted && !full && zone.ReleaseClosed(node!))
                lock (zone.Mutex) admitted = zone.TryEnter(key, limit.Limit, out full, out node);
            if (!admitted)
            {
                if (!full)
                    request.Log(settings.LogLevel, $"limiting connections{(settings.DryRun ? ", dry run," : "")} by zone \"{zone.Name}\"");
                if (entered is not null)
                    foreach (var taken in entered) taken.Dispose();
                request.Features.Set(settings.DryRun ? LimitConnVerdict.RejectedDryRun : LimitConnVerdict.Rejected);
                return ValueTask.FromResult(settings.DryRun ? Outcome.Continue : settings.Status);
            }
            var hold = new LimitConnHold(zone, node!, request.Http);
            (entered ??= []).Add(hold);
            request.Http.Response.RegisterForDispose(hold);
        }
        return ValueTask.FromResult(Outcome.Continue);
    }
}

/// <summary><c>$limit_conn_status</c>.</summary>
public sealed class LimitConnVerdict
{
    private LimitConnVerdict(string text) => Text = text;

    public string Text { get; }

    public static LimitConnVerdict Passed { get; } = new("PASSED");
    public static LimitConnVerdict Rejected { get; } = new("REJECTED");
    public static LimitConnVerdict RejectedDryRun { get; } = new("REJECTED_DRY_RUN");
}
