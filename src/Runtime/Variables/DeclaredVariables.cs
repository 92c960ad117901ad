using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// nginx resolves variable names only after the whole config is read, so a location may use a
/// variable that a <c>set</c> or a named regex capture further down declares. This pre-pass
/// declares every such name before anything compiles.
/// </summary>
public static partial class DeclaredVariables
{
    public static void Declare(IEnumerable<ConfigDirective> block, VariableRegistry variables)
    {
        foreach (var directive in ConfigTree.Expand(block))
        {
            if ((RewriteDirectives.Set.Names(directive) || AuthRequestDirectives.Set.Names(directive)) && directive.Args.Count > 0 && directive.Args[0].Value is ['$', .. var name]
                && name.Length > 0 && !variables.IsBuiltIn(name))
                variables.DeclareSlot(name);
            foreach (var arg in directive.Args)
                foreach (Match match in NamedGroup().Matches(arg.Value))
                    variables.DeclareSlot(match.Groups["name"].Value);
            if (directive.Block is not null)
            {
                if (MapDirectives.Map.Names(directive) || HttpCoreDirectives.Types.Names(directive)) DeclareMapKeys(directive.Block, variables);
                else Declare(directive.Block, variables);
            }
        }
    }

    private static void DeclareMapKeys(IEnumerable<ConfigDirective> entries, VariableRegistry variables)
    {
        foreach (var entry in ConfigTree.Expand(entries))
            foreach (Match match in NamedGroup().Matches(entry.Name))
                variables.DeclareSlot(match.Groups["name"].Value);
    }

    [GeneratedRegex(@"\(\?(?:P?<|')(?<name>[A-Za-z_][A-Za-z0-9_]*)[>']")]
    private static partial Regex NamedGroup();
}
