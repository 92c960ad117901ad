using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Map;

/// <summary>
/// ngx_http_map_module: <c>map SOURCE $var { ... }</c> at http level. The variable is declared
/// when http compiles (so every level can use it); the table compiles once all names are known.
/// Results are cached per request unless <c>volatile</c>.
/// </summary>
public sealed class MapModule : IHttpModule
{
    public string Name => "ngx_http_map_module";

    private sealed class Pending
    {
        public List<(ConfigDirective Directive, MapHolder Holder)> Maps { get; } = [];
    }

    private sealed class MapHolder
    {
        public MapTable Table = new();
        public ComplexValue Source = ComplexValue.Literal("");
    }

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        var pending = context.Features.GetOrAdd(() => new Pending());
        foreach (var directive in http.Own(MapDirectives.Map))
        {
            if (directive.Args.Count != 2 || directive.Block is null)
            {
                context.Error("invalid number of arguments in \"map\" directive", directive.Position);
                continue;
            }
            var target = directive.Args[1].Value;
            if (target.Length < 2 || target[0] != '$')
            {
                context.Error($"invalid variable name \"{target}\"", directive.Position);
                continue;
            }
            var holder = new MapHolder();
            var isVolatile = ConfigTree.Expand(directive.Block).Any(d => d.Name == "volatile");
            var cache = context.Variables.AllocateSlot();
            context.Variables.Register(target[1..], request =>
            {
                if (!isVolatile && request.Slots[cache] is { } cached) return cached;
                var value = holder.Table.Lookup(request, holder.Source.Evaluate(request));
                if (!isVolatile) request.Slots[cache] = value;
                return value;
            }, settable: true);
            pending.Maps.Add((directive, holder));
        }
    }

    public void CompleteHttp(CompileContext context)
    {
        if (context.Features.Get<Pending>() is not { } pending) return;
        foreach (var (directive, holder) in pending.Maps)
        {
            holder.Source = ComplexValue.Compile(directive.Args[0].Value, context, directive.Position);
            holder.Table = CompileTable(directive, context);
        }
    }

    private static MapTable CompileTable(ConfigDirective directive, CompileContext context)
    {
        var entries = ConfigTree.Expand(directive.Block!).ToList();
        var table = new MapTable { Hostnames = entries.Any(e => e.Name == "hostnames" && e.Args.Count == 0) };
        foreach (var entry in entries)
        {
            if (entry.Args.Count == 0 && entry.Name is "hostnames" or "volatile") continue;
            if (entry.Args.Count != 1)
            {
                context.Error("invalid number of the map parameters", entry.Position);
                continue;
            }
            var key = entry.Name;
            var value = ComplexValue.Compile(entry.Args[0].Value, context, entry.Position);
            if (key == "default")
            {
                if (table.Default is not null) context.Error("duplicate default map parameter", entry.Position);
                table.Default = value;
                continue;
            }
            if (key.StartsWith('~') && key.Length > 1)
            {
                var caseless = key.StartsWith("~*", StringComparison.Ordinal);
                var regex = NginxRegex.Compile(key[(caseless ? 2 : 1)..], caseless, context, entry.Position);
                if (regex is not null) table.AddRegex(regex, value);
                continue;
            }
            if (key.StartsWith('\\')) key = key[1..];
            bool added;
            if (table.Hostnames && key.StartsWith("*.", StringComparison.Ordinal)) added = table.AddLeading(key[2..], value);
            else if (table.Hostnames && key.StartsWith('.') && key.Length > 1) added = table.AddExact(key[1..], value) & table.AddLeading(key[1..], value);
            else if (table.Hostnames && key.EndsWith(".*", StringComparison.Ordinal)) added = table.AddTrailing(key[..^2], value);
            else added = table.AddExact(key, value);
            if (!added) context.Warning($"conflicting parameter \"{entry.Name}\"", entry.Position);
        }
        return table;
    }
}
