using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.SplitClients;

/// <summary>
/// ngx_http_split_clients_module: <c>split_clients KEY $variable { PERCENT% VALUE; ... * VALUE; }</c> at http
/// level. The key's MurmurHash2 falls into the first part whose cumulative share of 2^32 it is below
/// (<c>*</c> takes the rest), so a key lands in the same bucket as with nginx.
/// </summary>
public sealed class SplitClientsModule : IHttpModule
{
    public string Name => "ngx_http_split_clients_module";

    public void CompileHttp(DirectiveScope http, CompileContext context) =>
        VariableBlocks<SplitClientsTable>.Declare(http, SplitClientsDirectives.SplitClients, context, () => new SplitClientsTable(), table => table.Evaluate);

    /// <summary>The entry's value: its first argument (nginx never counts them; a lone percent gets "").</summary>
    private static string Value(ConfigDirective entry) => entry.Args.Count > 0 ? ByteString.FromConfig(entry.Args[0].Value) : "";

    public void CompleteHttp(CompileContext context)
    {
        foreach (var (directive, table) in VariableBlocks<SplitClientsTable>.Declared(context))
        {
            table.Key = ComplexValue.Compile(directive.Args[0].Value, context, directive.Position);
            var parts = new List<(uint Below, string Value)>();
            var sum = 0L;
            ulong last = 0;
            foreach (var entry in directive.Block!)
            {
                // ngx_http_split_clients: "*" is 0 (the rest); a bad percent is reported by the table.
                long percent = 0;
                if (entry.Name != "*")
                {
                    if (SplitClientsPercent.Parse(entry.Name) is not { } parsed) return;
                    percent = parsed;
                }
                sum = percent != 0 ? sum + percent : 10000;
                if (sum > 10000)
                {
                    context.Error("percent total is greater than 100%", directive.Position);
                    return;
                }
                if (percent != 0)
                {
                    last += (ulong)percent * 0xffffffffUL / 10000;
                    parts.Add(((uint)last, Value(entry)));
                }
                else
                {
                    parts.Add((0, Value(entry)));
                }
            }
            table.Parts = parts.ToArray();
        }
    }
}

/// <summary>One <c>split_clients</c> variable: its key and parts (nginx's cumulative bounds; 0 for <c>*</c>).</summary>
public sealed class SplitClientsTable
{
    public ComplexValue Key { get; set; } = ComplexValue.Literal("");
    public (uint Below, string Value)[] Parts { get; set; } = [];

    /// <summary>ngx_http_split_clients_variable: the first part the key's hash is below; "" when none.</summary>
    public string Evaluate(NginxRequest request)
    {
        var hash = MurmurHash2.Hash(ByteString.ToBytes(Key.Evaluate(request)));
        foreach (var (below, value) in Parts)
            if (hash < below || below == 0) return value;
        return "";
    }
}
