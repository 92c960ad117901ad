using ProxyServer.Runtime.Waf.LibInjection;

namespace ProxyServer.Tests.Runtime.Waf.LibInjection;

/// <summary>
/// Lines of libinjection's attack collections and false-positive list, each with the verdict of
/// the C library (Data/README.md): the port must give the same fingerprint and XSS answer.
/// </summary>
public sealed class LibInjectionSampleTests
{
    public static TheoryData<string> Files() => [.. LibInjectionTestData.Samples.Value.Select(s => s.File).Distinct()];

    [Theory]
    [MemberData(nameof(Files))]
    public void SampleFile_MatchesTheCLibrary(string file)
    {
        var mismatches = new List<string>();
        foreach (var (_, fingerprint, xss, input) in LibInjectionTestData.Samples.Value.Where(s => s.File == file))
        {
            var actualPrint = Sqli.IsSqli(input, out var print) ? print : "-";
            var actualXss = Xss.IsXss(input);
            if (actualPrint != fingerprint || actualXss != xss)
                mismatches.Add($"{System.Text.Encoding.Latin1.GetString(input)}: sqli {actualPrint} (C: {fingerprint}), xss {actualXss} (C: {xss})");
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Samples_CoverAttacksAndFalsePositives()
    {
        var samples = LibInjectionTestData.Samples.Value;
        Assert.True(samples.Count(s => s.Fingerprint != "-") > 400);
        Assert.True(samples.Count(s => s.Xss) > 100);
        Assert.Contains(samples, s => s.File == "false_positives.txt" && s.Fingerprint == "-" && !s.Xss);
    }
}
