namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of the main-level blocks.</summary>
public static class CoreChecks
{
    public static void Events(DirectiveUse use) => use.Facts.Events ??= use.Directive;
}
