using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of <c>ngx_http_rewrite_module</c> directives.</summary>
public static class RewriteChecks
{
    private static readonly HashSet<string> RewriteFlags = new(StringComparer.Ordinal) { "last", "break", "redirect", "permanent" };

    public static void Rewrite(DirectiveUse use)
    {
        if (NginxRegex.Compile(use.Args[0].Value, caseless: false).Error is { } error)
        {
            use.Error(error, use.Args[0]);
            return;
        }
        if (use.Args.Count == 3 && !RewriteFlags.Contains(use.Args[2].Value))
            use.Error($"invalid parameter \"{use.Args[2].Value}\"", use.Args[2]);
    }

    public static void Return(DirectiveUse use)
    {
        if (ReturnAction.Parse([.. use.Values]).Error is { } error) use.Error(error, use.Args[0]);
    }

    public static void If(DirectiveUse use)
    {
        if (IfCondition.Parse([.. use.Values]).Error is { } error) use.Error(error);
    }

    public static void Set(DirectiveUse use) => RequireVariable(use, use.Args[0]);

    internal static void RequireVariable(DirectiveUse use, Syntax.ConfigArgument arg)
    {
        if (arg.Value.Length < 2 || arg.Value[0] != '$')
            use.Error($"invalid variable name \"{arg.Value}\"", arg);
    }
}
