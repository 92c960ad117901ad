using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Diagnostics;

public sealed class DiagnosticFormatterTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("fmt-");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Fact]
    public void Human_ShowsLineAndCaret_KeepingTabs()
    {
        var path = Path.Combine(_dir, "a.conf");
        File.WriteAllText(path, "events {}\n\tfoo bar;\n");
        var diagnostic = Diagnostic.Error("unknown directive \"foo\"", new SourcePosition(path, 2, 2)) with { Note = "did you mean ..." };
        Assert.Equal($"{path}:2:2: error: unknown directive \"foo\"\n 2 | \tfoo bar;\n   | \t^\n  note: did you mean ...",
            new DiagnosticFormatter().Human(diagnostic));
    }

    [Fact]
    public void Human_FileLevel_HasNoLine() =>
        Assert.Equal("x.conf: error: no \"events\" section in configuration",
            new DiagnosticFormatter().Human(Diagnostic.Error("no \"events\" section in configuration", new SourcePosition("x.conf", 0, 0))));

    [Fact]
    public void Nginx_Form()
    {
        Assert.Equal("proxyserver: [emerg] unknown directive \"foo\" in /a.conf:3",
            DiagnosticFormatter.Nginx(Diagnostic.Error("unknown directive \"foo\"", new SourcePosition("/a.conf", 3, 1)), "proxyserver"));
        Assert.Equal("proxyserver: [warn] load balancing method redefined in /a.conf:4",
            DiagnosticFormatter.Nginx(Diagnostic.Warning("load balancing method redefined", new SourcePosition("/a.conf", 4, 1)), "proxyserver"));
    }

    [Theory]
    [InlineData(1, 0, "1 error, 0 warnings")]
    [InlineData(2, 1, "2 errors, 1 warning")]
    public void Summary(int errors, int warnings, string text) => Assert.Equal(text, DiagnosticFormatter.Summary(errors, warnings));
}
