using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.NginxConf.Directives;

namespace ProxyServer.Tests.Samples;

/// <summary>
/// Every file in samples/sites-available passes <c>check</c>, and real nginx agrees (each sample
/// wrapped in <c>events {} http { include ...; }</c>), except where a difference is the point.
/// </summary>
public sealed class SamplesCheckTests
{
    /// <summary>Samples nginx 1.22 refuses, and why that is expected (null: the message depends on the machine).</summary>
    private static readonly Dictionary<string, string?> NginxRefuses = new()
    {
        ["balance-least-time"] = "unknown directive \"least_time\"",          // an NGINX Plus method proxyserver offers
        ["upstream-pair"] = "host not found in upstream \"web-01\"",           // lab names, not resolvable here; check only warns
        ["waf"] = null,                                                         // naxsi's directives are a third-party module
    };

    /// <summary>
    /// Samples that include a file kept outside the repository (a licence keeps it out): where that
    /// file is absent, its open() failure is the only error allowed.
    /// </summary>
    private static readonly Dictionary<string, string> ExternalIncludes = new()
    {
        ["waf"] = "naxsi_core.rules",
    };

    public static TheoryData<string> SampleNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(SamplesDir).Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    internal static string SamplesDirectory => SamplesDir;

    private static string SamplesDir
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "samples", "sites-available")))
                    return Path.Combine(dir.FullName, "samples", "sites-available");
            throw new DirectoryNotFoundException("samples/sites-available");
        }
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Sample_PassesCheck_AndNginxAgrees(string name)
    {
        var path = Path.Combine(SamplesDir, name);
        var result = ConfigCheck.Run(path);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        if (ExternalIncludes.TryGetValue(name, out var external))
            errors.RemoveAll(d => d.Message.StartsWith("open() ", StringComparison.Ordinal) && d.Message.Contains(external));
        Assert.Empty(errors);

        var complete = result.Tree?.Root.Directives.Any(d => d.Name == "events") == true;
        var nginx = NginxOracle.Test(complete ? File.ReadAllText(path).Replace("include ../", $"include {SamplesDir}/../") : $"events {{}}\nhttp {{ include {path}; }}\n");
        if (NginxRefuses.TryGetValue(name, out var expected))
        {
            Assert.False(nginx.Ok);
            if (expected is not null) Assert.Equal(expected, nginx.Message);
        }
        else
        {
            Assert.True(nginx.Ok, $"nginx: {nginx.Message}");
        }
    }

    [Fact]
    public void RequiredSamples_Exist()
    {
        foreach (var name in new[] { "default", "quickstart", "upstream-pair", "balance-round-robin", "balance-least-conn", "balance-ip-hash",
                     "balance-hash-consistent", "balance-least-time", "wildcard-domain-proxy", "regex-container-proxy" })
            Assert.True(File.Exists(Path.Combine(SamplesDir, name)), name);
    }

    [Fact]
    public void UnresolvableUpstreamNames_AreWarnings_NotErrors()
    {
        var result = ConfigCheck.Run(Path.Combine(SamplesDir, "upstream-pair"));
        Assert.Equal(["host not found in upstream \"web-01\"", "host not found in upstream \"web-02\""],
            result.Diagnostics.Where(d => d.Severity == Severity.Warning).Select(d => d.Message));
    }
}
