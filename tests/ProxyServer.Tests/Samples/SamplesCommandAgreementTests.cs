using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;

namespace ProxyServer.Tests.Samples;

/// <summary>
/// On every sample, <c>check</c>, <c>-t</c> and <c>run</c> agree: the same verdict and errors, through the
/// functions the commands call (<see cref="ConfigSource"/> wrapping the sites file as run does,
/// <see cref="ConfigTest"/> for check and -t); -t has exactly run's warnings, check may add its analysis.
/// </summary>
public sealed class SamplesCommandAgreementTests
{
    public static TheoryData<string> SampleNames() => SamplesCheckTests.SampleNames();

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void CheckTAndRun_SameVerdict_SameErrors(string name)
    {
        var path = Path.Combine(SamplesCheckTests.SamplesDirectory, name);
        var run = new CompileOptions { Prefix = Path.GetDirectoryName(path)!, DefaultPidPath = "", LookUpHosts = false };
        var compiled = new ConfigSource(path, run).Compile();
        var check = ConfigTest.Run(new ConfigSource(path, ConfigTest.ForTest(run, analyze: true)));
        var t = ConfigTest.Run(new ConfigSource(path, ConfigTest.ForTest(run, analyze: false)));

        Assert.Equal(compiled.Succeeded, check.Ok);
        Assert.Equal(compiled.Succeeded, t.Ok);
        Assert.Equal(Errors(compiled.Diagnostics), Errors(check.Diagnostics));
        Assert.Equal(Errors(compiled.Diagnostics), Errors(t.Diagnostics));
        Assert.Equal(compiled.Diagnostics, t.Diagnostics);
        Assert.Empty(t.Diagnostics.Except(check.Diagnostics));
    }

    private static List<string> Errors(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d.Message} in {d.Position.File}:{d.Position.Line}").ToList();
}
