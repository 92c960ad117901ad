using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;

namespace ProxyServer.Tests.Corpus;

/// <summary>
/// <c>check</c>, <c>-t</c> and <c>run</c> give the same verdict and the same errors on every corpus entry:
/// each entry is loaded once as the nginx oracle loaded it, then compiled with the options of each
/// command (<see cref="ConfigTest.ForTest"/> for check and -t, run's own for the compile), in process.
/// Only warnings may differ: check adds its analysis; run looks names up in DNS where check and -t
/// only warn, so names are not looked up here for run either (the corpus names hosts that do not exist).
/// </summary>
public sealed class CorpusCommandAgreementTests
{
    public static TheoryData<string> Entries()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Corpus.Entries) data.Add(entry.File);
        return data;
    }

    internal static CompileOptions RunOptions(string prefix) => new() { Prefix = prefix, LookUpHosts = false };

    [Theory]
    [MemberData(nameof(Entries))]
    public void CheckTAndRun_SameVerdict_SameErrors(string file)
    {
        var entry = Corpus.Entry(file);
        var tree = Corpus.Load(entry);
        var run = RunOptions(Corpus.Options(entry).Prefix!);
        var check = RuntimeCompiler.Compile(tree, ConfigTest.ForTest(run, analyze: true));
        var t = RuntimeCompiler.Compile(tree, ConfigTest.ForTest(run, analyze: false));
        var compiled = RuntimeCompiler.Compile(tree, run);

        Assert.Equal(Errors(compiled), Errors(check));
        Assert.Equal(Errors(compiled), Errors(t));
        Assert.Equal(compiled.Succeeded, check.Succeeded);
        Assert.Equal(compiled.Succeeded, t.Succeeded);
        // -t says what run says at start-up; check may add its analysis warnings, never drop one.
        Assert.Equal(compiled.Diagnostics, t.Diagnostics);
        Assert.Empty(t.Diagnostics.Except(check.Diagnostics));
    }

    private static List<string> Errors(CompileResult result) =>
        result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d.Message} in {d.Position.File}:{d.Position.Line}").ToList();
}
