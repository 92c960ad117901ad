using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Hosting;

/// <summary>
/// <c>check</c> and <c>-t</c> as one function: the load and the whole compile <c>run</c> does
/// (<see cref="ConfigSource.Compile"/>), with a fresh <see cref="Model.ProcessCycle"/> that is then
/// dropped: nothing starts (no etcd, no DNS refresher, no health check, no log file opened), so the
/// verdict and the errors are <c>run</c>'s. Only the options differ: <c>check</c> adds its analysis
/// warnings; neither looks names up in DNS unless asked (<see cref="CompileOptions.LookUpHosts"/> off).
/// Never throws for anything about the input.
/// </summary>
public static class ConfigTest
{
    /// <summary>The options <c>check</c> and <c>-t</c> compile with, from those <c>run</c> would use.</summary>
    public static CompileOptions ForTest(CompileOptions options, bool analyze, bool resolveWithDns = false) => options with
    {
        LookUpHosts = false,
        Validation = options.Validation with { Analyze = analyze, WarnIgnored = true, ResolveWithDns = resolveWithDns },
    };

    public static CheckResult Run(ConfigSource source)
    {
        var path = source.ConfigPath;
        if (ConfigCheck.Precheck(path) is { } problem)
            return new CheckResult(path, null, [Diagnostic.Error(problem, new SourcePosition(path, 0, 0))]);
        ConfigTree? loaded = null;
        var previous = source.Loaded;
        var compiled = (source with { Loaded = tree => { loaded = tree; previous?.Invoke(tree); } }).Compile();
        return new CheckResult(path, loaded, compiled.Diagnostics);
    }
}
