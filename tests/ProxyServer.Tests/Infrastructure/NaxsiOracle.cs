namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// nginx 1.22.1 built with naxsi as a dynamic module (GPL test tool: used from the shared folder
/// beside the repository, never copied into it; see <c>shared/waf/oracle/README.md</c>). Found by
/// walking up from the test assembly to the repository root, then looking in
/// <c>../shared/waf/oracle</c>, and on up for worktrees that live one level deeper.
/// </summary>
public static class NaxsiOracle
{
    private static readonly Lazy<string> Directory = new(Locate);

    public static string Binary => Path.Combine(Directory.Value, "nginx-naxsi");

    /// <summary>The first line of every oracle config: naxsi's module, by absolute path.</summary>
    public static string LoadModule => $"load_module {Path.Combine(Directory.Value, "ngx_http_naxsi_module.so")};\n";

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ProxyServer.sln"))) dir = dir.Parent;
        for (var up = dir?.Parent; up is not null; up = up.Parent)
        {
            var candidate = Path.Combine(up.FullName, "shared", "waf", "oracle");
            if (File.Exists(Path.Combine(candidate, "nginx-naxsi"))) return candidate;
        }
        throw new FileNotFoundException("nginx-naxsi not found in ../shared/waf/oracle next to the repository (see shared/waf/oracle/README.md)");
    }
}
