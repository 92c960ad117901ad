namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of the main-level blocks.</summary>
public static class CoreChecks
{
    /// <summary>The event methods Linux has (nginx refuses kqueue, eventport... here).</summary>
    public static readonly IReadOnlyList<string> EventMethods = ["epoll", "poll", "select"];

    public static void Events(DirectiveUse use) => use.Facts.Events ??= use.Directive;

    public static void Use(DirectiveUse use)
    {
        if (!EventMethods.Contains(use.Args[0].Value)) use.Error($"invalid event type \"{use.Args[0].Value}\"", use.Args[0]);
    }
}
