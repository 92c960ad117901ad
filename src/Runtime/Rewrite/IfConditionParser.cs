using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Rewrite;

/// <summary>
/// Reads <c>if (...)</c> as nginx does (ngx_http_rewrite_if_condition): the parentheses may be
/// glued to the first and last arguments or stand alone; the left side is a variable, then an
/// operator and a value or regex, or a file test (<c>-f</c>, <c>!-d</c>...) with a path.
/// </summary>
public static class IfConditionParser
{
    public static IIfCondition? Parse(ConfigDirective directive, CompileContext context)
    {
        var args = directive.Args.Select(a => a.Value).ToList();
        if (args.Count == 0 || args[0].Length < 1 || args[0][0] != '(') return Invalid(directive, context);
        var current = 0;
        if (args[0].Length == 1) current = 1;
        else args[0] = args[0][1..];
        var last = args.Count - 1;
        if (args[last].Length < 1 || args[last][^1] != ')') return Invalid(directive, context);
        if (args[last].Length == 1) last--;
        else args[last] = args[last][..^1];
        if (current > last) return Invalid(directive, context);

        var first = args[current];
        if (first.Length > 1 && first[0] == '$')
        {
            if (current != last && current + 2 != last) return Invalid(directive, context);
            var name = first[1..];
            var variable = context.Variables.Resolve(name);
            if (variable is null)
            {
                context.Error($"unknown \"{name}\" variable", directive.Position);
                return null;
            }
            if (current == last) return new VariableCondition(variable);

            var op = args[current + 1];
            var operand = args[last];
            switch (op)
            {
                case "=" or "!=":
                    return new EqualsCondition(variable, ComplexValue.Compile(operand, context, directive.Position), op == "!=");
                case "~" or "~*" or "!~" or "!~*":
                    var regex = NginxRegex.Compile(operand, op.EndsWith('*'), context, directive.Position);
                    return regex is null ? null : new RegexCondition(variable, regex, op.StartsWith('!'));
                default:
                    context.Error($"unexpected \"{op}\" in condition", directive.Position);
                    return null;
            }
        }

        if (first is "-f" or "!-f" or "-d" or "!-d" or "-e" or "!-e" or "-x" or "!-x")
        {
            if (current + 1 != last) return Invalid(directive, context);
            var test = first.TrimStart('!') switch { "-f" => FileTest.File, "-d" => FileTest.Directory, "-e" => FileTest.Exists, _ => FileTest.Executable };
            return new FileCondition(test, ComplexValue.Compile(args[last], context, directive.Position), first.StartsWith('!'));
        }

        context.Error($"invalid condition \"{first}\"", directive.Position);
        return null;
    }

    private static IIfCondition? Invalid(ConfigDirective directive, CompileContext context)
    {
        context.Error("invalid condition", directive.Position);
        return null;
    }
}
