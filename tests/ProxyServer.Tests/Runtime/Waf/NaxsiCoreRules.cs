namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>
/// Finds naxsi_core.rules (GPL data: read from the shared folder beside the repository, never
/// copied into it): walk up from the test assembly to the repository root, then look in
/// <c>../shared/waf</c>, and on up for worktrees that live one level deeper.
/// </summary>
internal static class NaxsiCoreRules
{
    public static readonly Lazy<string> Path = new(Locate);

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ProxyServer.sln"))) dir = dir.Parent;
        for (var up = dir?.Parent; up is not null; up = up.Parent)
        {
            var candidate = System.IO.Path.Combine(up.FullName, "shared", "waf", "naxsi_core.rules");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("naxsi_core.rules not found in ../shared/waf next to the repository (see shared/waf/SOURCES.md)");
    }
}
