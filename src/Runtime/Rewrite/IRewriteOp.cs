using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Rewrite;

/// <summary>One compiled rewrite-module statement (<c>set</c>, <c>rewrite</c>, <c>if</c>, <c>return</c>, <c>break</c>).</summary>
public interface IRewriteOp
{
    RewriteResult Execute(NginxRequest request);
}

public enum RewriteResultKind
{
    /// <summary>Go on with the next statement.</summary>
    Next,
    /// <summary><c>break</c> or <c>rewrite ... break</c>: stop the rewrite program, stay in this location.</summary>
    Break,
    /// <summary><c>rewrite ... last</c>: stop, then search the location again for the new URI.</summary>
    Last,
    /// <summary><c>return</c> / redirecting <c>rewrite</c>: finish the request with a status.</summary>
    Respond,
}

/// <summary>
/// What a statement decided. For <see cref="RewriteResultKind.Respond"/>: the status, and either
/// a body (<c>return 200 "text"</c>), a Location (<c>return 301 URL</c>), or neither (<c>return 404</c>:
/// nginx's own page or the location's error_page). <see cref="SendsResponse"/>: the answer is
/// nginx's ngx_http_send_response (<c>return</c> below 400 or with text), which first discards the
/// request body (see <see cref="Http.RequestBody.Discard"/>).
/// </summary>
public readonly record struct RewriteResult(RewriteResultKind Kind, int Status = 0, string? Body = null, string? Location = null, bool SendsResponse = false)
{
    public static readonly RewriteResult Next = new(RewriteResultKind.Next);
    public static readonly RewriteResult Break = new(RewriteResultKind.Break);
    public static readonly RewriteResult Last = new(RewriteResultKind.Last);
}

/// <summary>Runs a rewrite program until a statement stops it.</summary>
public static class RewriteProgram
{
    public static RewriteResult Run(IReadOnlyList<IRewriteOp> ops, NginxRequest request)
    {
        for (var i = 0; i < ops.Count; i++)
        {
            var result = ops[i].Execute(request);
            if (result.Kind != RewriteResultKind.Next) return result;
        }
        return RewriteResult.Next;
    }
}

/// <summary><c>break;</c></summary>
public sealed class BreakOp : IRewriteOp
{
    /// <summary>ngx_http_script_break_code: after a rewrite changed the URI, the location's name no longer applies to it.</summary>
    public RewriteResult Execute(NginxRequest request)
    {
        if (request.UriChanged)
        {
            request.ValidLocation = false;
            request.UriChanged = false;
        }
        return RewriteResult.Break;
    }
}

/// <summary><c>set $name value;</c>: into the variable's slot, or through a built-in's setter (<c>$args</c>), see <see cref="BuiltInAssignments.Target"/>.</summary>
public sealed class SetOp(Action<NginxRequest, string> assign, ComplexValue value) : IRewriteOp
{
    public RewriteResult Execute(NginxRequest request)
    {
        assign(request, value.Evaluate(request));
        return RewriteResult.Next;
    }
}
