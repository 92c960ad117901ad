using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
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

    /// <summary>
    /// Where <c>set $name</c> (and <c>auth_request_set</c>) stores a value, as ngx_http_add_variable with
    /// NGX_HTTP_VAR_CHANGEABLE decides: a built-in's setter, else the slot the name declares. Null after
    /// nginx's error for a name without <c>$</c> or a built-in that cannot be changed.
    /// </summary>
    public static Action<NginxRequest, string>? Target(ConfigDirective directive, CompileContext context)
    {
        var name = directive.Args[0].Value;
        if (name.Length < 2 || name[0] != '$')
        {
            context.Error($"invalid variable name \"{name}\"", directive.Position);
            return null;
        }
        name = name[1..];
        if (TryGet(name) is { } assign) return assign;
        if (context.Variables.IsBuiltIn(name))
        {
            context.Error($"the duplicate \"{name}\" variable", directive.Position);
            return null;
        }
        var slot = context.Variables.DeclareSlot(name);
        return (request, value) => request.Slots[slot] = value;
    }
}
