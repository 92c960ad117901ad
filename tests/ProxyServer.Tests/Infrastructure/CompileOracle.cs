using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;
using ProxyServer.Tests.NginxConf.Directives;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// A config's verdict from <c>nginx -t</c> and from our whole compile (<c>check</c>'s: the directive table
/// and what only building the model finds, such as a geo block's networks): both accept it, or our
/// errors include nginx's first one at its line.
/// </summary>
internal static class CompileOracle
{
    /// <param name="sameLine">
    /// False where nginx finds the error while merging a block (it names the line that closes http) and
    /// we name the directive at fault.
    /// </param>
    public static void SameVerdict(string config, bool sameLine = true)
    {
        Assert.True(NginxInstance.IsInstalled, "nginx (the oracle) is not installed");
        var nginx = NginxOracle.Test(config);
        var ours = Check(config).Where(d => d.Severity == Severity.Error).Select(d => (d.Message, d.Position.Line)).ToList();
        if (nginx.Ok)
        {
            Assert.Empty(ours);
            return;
        }
        if (sameLine) Assert.Contains((nginx.Message!, nginx.Line), ours);
        else Assert.Contains(nginx.Message!, ours.Select(o => o.Message));
    }

    /// <summary>Our diagnostics for <paramref name="config"/>, as <c>-t</c> gives them.</summary>
    public static IReadOnlyList<Diagnostic> Check(string config)
    {
        var dir = TempDirectory.Create("ours-");
        try
        {
            var path = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(path, config);
            return ConfigTest.Run(new ConfigSource(path, ConfigTest.ForTest(new CompileOptions { Prefix = dir }, analyze: false))).Diagnostics;
        }
        finally
        {
            TempDirectory.TryDelete(dir);
        }
    }
}
