using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Compile;

/// <summary>
/// <c>limit_req_zone</c> and <c>limit_conn_zone</c> statements into this model's zones: each definition read by
/// the parser <c>check</c> uses, its key compiled, its memory the process's running zone when the name, size and
/// module are unchanged. A running zone bound to another key refuses the config with nginx's message
/// (ngx_http_limit_req_init_zone, ngx_http_limit_conn_init_zone: <c>NAME "x" uses the "$a" key while previously it
/// used the "$b" key</c>).
/// </summary>
public static class KeyedZoneCompiler
{
    public static IEnumerable<(T Zone, ComplexValue Key, LimitZoneParameters Definition)> Compile<T>(
        IEnumerable<ConfigDirective> statements, bool withRate, string module, string label, CompileContext context,
        Func<LimitZoneParameters, T> create, Func<T, LimitZoneParameters, bool>? reusable = null) where T : KeyedSharedMemoryZone
    {
        foreach (var directive in statements)
        {
            var parsed = LimitZoneParameters.Parse(directive.Name, [.. directive.Args.Select(a => a.Value)], withRate);
            if (!parsed.Ok) continue;
            var definition = parsed.Value!;
            var key = ComplexValue.Compile(definition.Key, context, directive.Position);
            var zone = context.SharedZone(definition.Name, definition.Size, module, () => create(definition),
                reusable is null ? null : running => reusable(running, definition));
            if (zone.Key != definition.Key)
                context.Error($"{label} \"{definition.Name}\" uses the \"{definition.Key}\" key while previously it used the \"{zone.Key}\" key", directive.Position);
            yield return (zone, key, definition);
        }
    }
}
