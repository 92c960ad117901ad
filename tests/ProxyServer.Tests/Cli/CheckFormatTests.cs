using System.Text.Json;
using NJsonSchema;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Cli;

/// <summary>
/// <c>proxyserver check --format json|sarif</c> for CI pipelines, run as the real executable: the
/// document alone on stdout, the same exit codes as text, every diagnostic with its rule id, file, line
/// and column, and SARIF that the SARIF 2.1.0 JSON schema accepts.
/// </summary>
public sealed class CheckFormatTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("check-format-");

    /// <summary>The SARIF 2.1.0 schema (2.1.0-rtm.5, the one OASIS published), copied beside the tests from Cli/.</summary>
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Cli", "sarif-schema-2.1.0.json");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    /// <summary>Two errors of different kinds, two of the same kind, and an analysis warning, in two files.</summary>
    private string WriteBadConfig()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "conf.d"));
        File.WriteAllText(Path.Combine(_dir, "conf.d", "site.conf"),
            "server {\n    listen 127.0.0.1:8080;\n    lisen 80;\n    location / { proxy_pass http://$host; }\n}\n");
        var path = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(path, "events {}\nhttp {\n    sendfile maybe;\n    bogus 1;\n    include conf.d/*.conf;\n}\n");
        return path;
    }

    private (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "proxyserver.dll");
        using var process = ManagedProcess.Start("dotnet", [dll, .. args], workingDirectory: _dir);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "proxyserver check did not finish");
        return (process.ExitCode, process.StandardOutput, process.StandardError);
    }

    [Fact]
    public void Json_ListsEveryDiagnostic_WithRuleFileLineColumn_Exit1()
    {
        var path = WriteBadConfig();
        var (exit, stdout, _) = Run("check", path, "--format", "json");
        Assert.Equal(1, exit);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal(path, root.GetProperty("file").GetString());
        Assert.False(root.GetProperty("ok").GetBoolean());
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(root.GetProperty("errors").GetInt32() + root.GetProperty("warnings").GetInt32(), diagnostics.Count);

        var sendfile = diagnostics.Single(d => d.GetProperty("message").GetString()!.Contains("sendfile"));
        Assert.Equal("error", sendfile.GetProperty("severity").GetString());
        Assert.Equal("invalid-value-in-directive-it-must-be-or", sendfile.GetProperty("rule").GetString());
        Assert.Equal(path, sendfile.GetProperty("file").GetString());
        Assert.Equal(3, sendfile.GetProperty("line").GetInt32());
        Assert.Equal(5, sendfile.GetProperty("column").GetInt32());
        Assert.Equal($"invalid value \"maybe\" in \"sendfile\" directive, it must be \"on\" or \"off\" in {path}:3",
            sendfile.GetProperty("nginx").GetString());

        var unknown = diagnostics.Where(d => d.GetProperty("rule").GetString() == "unknown-directive").ToList();
        Assert.Equal(2, unknown.Count);
        var site = unknown.Single(d => d.GetProperty("message").GetString() == "unknown directive \"lisen\"");
        Assert.Equal(Path.Combine(_dir, "conf.d", "site.conf"), site.GetProperty("file").GetString());
        Assert.Equal(3, site.GetProperty("line").GetInt32());
        Assert.Contains(diagnostics, d => d.GetProperty("severity").GetString() == "warning");
    }

    [Fact]
    public void Json_ValidConfig_OkWithNoDiagnostics_Exit0()
    {
        var path = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(path, "events {}\nhttp { server { listen 127.0.0.1:8080; location / { return 204; } } }\n");
        var (exit, stdout, stderr) = Run("check", path, "--format", "json");
        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(stdout);
        Assert.True(document.RootElement.GetProperty("ok").GetBoolean());
        Assert.Empty(document.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Contains("proxyserver: read 1 file", stderr); // what was read stays on stderr, off the document
    }

    [Fact]
    public async Task Sarif_ValidatesAgainstTheSarif210Schema_OneRulePerKind_Regions()
    {
        var path = WriteBadConfig();
        var (exit, stdout, _) = Run("check", path, "--format", "sarif");
        Assert.Equal(1, exit);

        var schema = await JsonSchema.FromFileAsync(SchemaPath);
        var errors = schema.Validate(stdout);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));

        using var document = JsonDocument.Parse(stdout);
        var run = document.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(rules.Distinct().Count(), rules.Count);
        Assert.Contains("unknown-directive", rules);
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.True(results.Count > rules.Count, "two unknown directives share one rule");

        var lisen = results.Single(r => r.GetProperty("message").GetProperty("text").GetString() == "unknown directive \"lisen\"");
        Assert.Equal("error", lisen.GetProperty("level").GetString());
        Assert.Equal(rules.IndexOf("unknown-directive"), lisen.GetProperty("ruleIndex").GetInt32());
        var location = lisen.GetProperty("locations")[0].GetProperty("physicalLocation");
        // Under the working directory: relative to it, as code-scanning uploads want paths from the repository root.
        Assert.Equal("conf.d/site.conf", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("SRCROOT", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(3, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(5, location.GetProperty("region").GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public async Task Sarif_FileOutsideWorkingDirectory_AbsoluteUri_UnreadableFile_NoRegion()
    {
        var path = Path.Combine(_dir, "missing.conf");
        var (exit, stdout, _) = Run("check", path, "--format", "sarif");
        Assert.Equal(1, exit);
        var schema = await JsonSchema.FromFileAsync(SchemaPath);
        Assert.Empty(schema.Validate(stdout));
        using var document = JsonDocument.Parse(stdout);
        var result = document.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        Assert.False(result.GetProperty("locations")[0].GetProperty("physicalLocation").TryGetProperty("region", out _));

        var outside = Path.Combine(TempDirectory.Create("check-format-outside-"), "nginx.conf");
        try
        {
            File.WriteAllText(outside, "events {}\nhttp { bogus; }\n");
            using var other = JsonDocument.Parse(Run("check", outside, "--format", "sarif").Stdout);
            var artifact = other.RootElement.GetProperty("runs")[0].GetProperty("results")[0]
                .GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
            Assert.Equal(new Uri(outside).AbsoluteUri, artifact.GetProperty("uri").GetString());
            Assert.False(artifact.TryGetProperty("uriBaseId", out _));
        }
        finally
        {
            TempDirectory.TryDelete(Path.GetDirectoryName(outside)!);
        }
    }

    [Fact]
    public void UnknownFormat_IsACommandLineError()
    {
        var (exit, _, stderr) = Run("check", "x.conf", "--format", "xml");
        Assert.Equal(1, exit);
        Assert.Contains("xml", stderr);
    }

    [Theory]
    [InlineData("unknown directive \"foo\"", "unknown-directive", "unknown directive \"...\"")]
    [InlineData("\"listen\" directive is not allowed here", "directive-is-not-allowed-here", "\"...\" directive is not allowed here")]
    [InlineData("invalid number of arguments in \"root\" directive", "invalid-number-of-arguments-in-directive", "invalid number of arguments in \"...\" directive")]
    [InlineData("zero size shared memory zone \"one\"", "zero-size-shared-memory-zone", "zero size shared memory zone \"...\"")]
    [InlineData("open() \"/x/y\" failed (2: No such file or directory)", "open-failed-no-such-file-or-directory", "open() \"...\" failed (2: No such file or directory)")]
    [InlineData("\"/x\"", DiagnosticRule.OtherId, "\"...\"")]
    public void RuleId_IsTheWordingWithoutItsValues(string message, string id, string template)
    {
        var rule = DiagnosticRule.Of(message);
        Assert.Equal(id, rule.Id);
        Assert.Equal(template, rule.Template);
    }
}
