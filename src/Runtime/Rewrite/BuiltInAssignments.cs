using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Rewrite;

/// <summary>The built-in variables nginx lets <c>set</c> change (<c>$args</c>, <c>$limit_rate</c>...).</summary>
public static class BuiltInAssignments
{
    public static Action<NginxRequest, string>? TryGet(string name) => name.ToLowerInvariant() switch
    {
        "args" or "query_string" => (request, value) => request.Args = value,
        "limit_rate" => PacedResponseBody.Set,
        _ => null,
    };
}
