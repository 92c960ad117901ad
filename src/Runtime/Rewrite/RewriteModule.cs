using System.Globalization;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Rewrite;

/// <summary>
/// ngx_http_rewrite_module: compiles a level's <c>set</c>, <c>rewrite</c>, <c>return</c>,
/// <c>break</c> and <c>if</c> statements, in order, into that level's rewrite program. Not
/// inherited: each level runs only its own statements (the server level in the server rewrite
/// phase, the chosen location's in the location rewrite phase).
/// </summary>
public sealed class RewriteModule : IHttpModule
{
    public string Name => "ngx_http_rewrite_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        foreach (var directive in location.Scope.OwnInOrder(RewriteDirectives.Set, RewriteDirectives.Rewrite,
            RewriteDirectives.Return, RewriteDirectives.Break, RewriteDirectives.If))
        {
            IRewriteOp? op =
                RewriteDirectives.Set.Names(directive) ? CompileSet(directive, context)
                : RewriteDirectives.Rewrite.Names(directive) ? CompileRewrite(directive, context)
                : RewriteDirectives.Return.Names(directive) ? CompileReturn(directive, context)
                : RewriteDirectives.Break.Names(directive) ? new BreakOp()
                : CompileIf(directive, location, context);
            if (op is not null) location.RewriteOps.Add(op);
        }
    }

    private static IRewriteOp? CompileSet(ConfigDirective directive, CompileContext context)
    {
        if (directive.Args.Count != 2)
        {
            context.Error("invalid number of arguments in \"set\" directive", directive.Position);
            return null;
        }
        if (BuiltInAssignments.Target(directive, context) is not { } target) return null;
        return new SetOp(target, ComplexValue.Compile(directive.Args[1].Value, context, directive.Position));
    }

    private static IRewriteOp? CompileRewrite(ConfigDirective directive, CompileContext context)
    {
        if (directive.Args.Count is < 2 or > 3)
        {
            context.Error("invalid number of arguments in \"rewrite\" directive", directive.Position);
            return null;
        }
        var flag = RewriteFlag.None;
        if (directive.Args.Count == 3)
        {
            switch (directive.Args[2].Value)
            {
                case "last": flag = RewriteFlag.Last; break;
                case "break": flag = RewriteFlag.Break; break;
                case "redirect": flag = RewriteFlag.Redirect; break;
                case "permanent": flag = RewriteFlag.Permanent; break;
                default:
                    context.Error($"invalid parameter \"{directive.Args[2].Value}\"", directive.Position);
                    return null;
            }
        }
        var regex = NginxRegex.Compile(directive.Args[0].Value, caseless: false, context, directive.Position);
        if (regex is null) return null;
        var replacement = ComplexValue.Compile(directive.Args[1].Value, context, directive.Position);
        return new RewriteOp(regex, replacement, flag);
    }

    private static IRewriteOp? CompileReturn(ConfigDirective directive, CompileContext context)
    {
        if (directive.Args.Count is < 1 or > 2)
        {
            context.Error("invalid number of arguments in \"return\" directive", directive.Position);
            return null;
        }
        var first = directive.Args[0].Value;
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            if (directive.Args.Count == 1 && (first.StartsWith("http://", StringComparison.Ordinal)
                || first.StartsWith("https://", StringComparison.Ordinal) || first.StartsWith("$scheme", StringComparison.Ordinal)))
                return new ReturnOp(302, ComplexValue.Compile(first, context, directive.Position));
            context.Error($"invalid return code \"{first}\"", directive.Position);
            return null;
        }
        if (status > 999)
        {
            context.Error($"invalid return code \"{first}\"", directive.Position);
            return null;
        }
        var text = directive.Args.Count == 2 ? ComplexValue.Compile(directive.Args[1].Value, context, directive.Position) : null;
        return new ReturnOp(status, text);
    }

    private static IRewriteOp? CompileIf(ConfigDirective directive, LocationBuilder location, CompileContext context)
    {
        var condition = IfConditionParser.Parse(directive, context);
        var block = location.CompileIfBlock(directive);
        return condition is null ? null : new IfOp(condition, block);
    }
}
