namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of <c>map SOURCE $variable { ... }</c> (its entries are checked by <see cref="EntryBodies"/>).</summary>
public static class MapChecks
{
    public static void Map(DirectiveUse use) => RewriteChecks.RequireVariable(use, use.Args[1]);
}
