using System.Globalization;
using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Naxsi;

public enum CheckOperator { GreaterOrEqual, Greater, LessOrEqual, Less }

/// <summary><c>CheckRule "$SQL >= 8" BLOCK;</c>: an action taken when a named score passes a threshold.</summary>
public sealed partial record CheckRule(string Counter, CheckOperator Operator, int Threshold, WafAction Action, SourcePosition Position)
{
    [GeneratedRegex(@"^\s*(\$[A-Za-z0-9_]+)\s*(>=|<=|>|<)\s*(-?[0-9]+)\s*$")]
    private static partial Regex Condition();

    public static CheckRule? Parse(IReadOnlyList<ConfigArgument> args, SourcePosition at, ICollection<Diagnostic> diagnostics)
    {
        if (args.Count != 2)
        {
            diagnostics.Add(Diagnostic.Error("invalid number of arguments in \"CheckRule\" directive", at));
            return null;
        }
        var match = Condition().Match(args[0].Value);
        if (!match.Success || !int.TryParse(match.Groups[3].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var threshold))
        {
            diagnostics.Add(Diagnostic.Error($"invalid CheckRule condition \"{args[0].Value}\" (expected \"$NAME OP NUMBER\", OP one of >= > <= <)", args[0].Position));
            return null;
        }
        if (!WafActions.TryParse(args[1].Value, out var action))
        {
            diagnostics.Add(Diagnostic.Error($"invalid CheckRule action \"{args[1].Value}\" (expected BLOCK, DROP, LOG or ALLOW)", args[1].Position));
            return null;
        }
        var op = match.Groups[2].Value switch
        {
            ">=" => CheckOperator.GreaterOrEqual,
            ">" => CheckOperator.Greater,
            "<=" => CheckOperator.LessOrEqual,
            _ => CheckOperator.Less,
        };
        return new CheckRule(match.Groups[1].Value, op, threshold, action, at);
    }
}
