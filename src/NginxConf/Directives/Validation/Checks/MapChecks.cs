namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// Checks of the blocks that define a variable from entries (<c>map</c>, <c>geo</c>, <c>split_clients</c>;
/// the entries themselves are checked by <see cref="EntryBodies"/>): one definition per variable name.
/// </summary>
public static class MapChecks
{
    public static void Map(DirectiveUse use) => Defines(use, use.Args[1]);

    /// <summary><c>geo [$address] $variable { ... }</c>.</summary>
    public static void Geo(DirectiveUse use) => Defines(use, use.Args[^1]);

    public static void SplitClients(DirectiveUse use) => Defines(use, use.Args[1]);

    private static void Defines(DirectiveUse use, Syntax.ConfigArgument variable)
    {
        if (variable.Value.Length < 2 || variable.Value[0] != '$')
        {
            use.Error($"invalid variable name \"{variable.Value}\"", variable);
            return;
        }
        if (!use.Facts.EntryVariables.Add(variable.Value[1..].ToLowerInvariant()))
            use.Error($"the duplicate \"{variable.Value[1..]}\" variable", variable);
    }
}
