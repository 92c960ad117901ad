using System.Text.Json.Nodes;
using ProxyServer.Cli;
using ProxyServer.Cli.Commands;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Crossplane;

public sealed class ParseCommandTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("parse-command");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    private (int ExitCode, JsonNode Payload) Run(params string[] args)
    {
        var output = new StringWriter();
        var parse = ProxyServerCommandLine.Build().Parse(["parse", .. args]);
        var exit = ParseCommand.Parse(parse, output, new StringWriter());
        return (exit, JsonNode.Parse(output.ToString())!);
    }

    [Fact]
    public void Parse_ValidConfigWithInclude_IsOkPayloadWithBothFiles()
    {
        File.WriteAllText(Path.Combine(_dir, "mime.types"), "types { text/html html; }\n");
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp {\n    include mime.types;\n    server { listen 127.0.0.1:8080; }\n}\n");

        var (exit, payload) = Run(main);

        Assert.Equal(0, exit);
        Assert.Equal("ok", payload["status"]!.GetValue<string>());
        Assert.Equal([main, Path.Combine(_dir, "mime.types")], payload["config"]!.AsArray().Select(f => f!["file"]!.GetValue<string>()));
    }

    [Fact]
    public void Parse_SingleFile_DoesNotFollowIncludes()
    {
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp { include missing.types; }\n");

        var (exit, payload) = Run(main, "--single-file");

        Assert.Equal(0, exit);
        Assert.Single(payload["config"]!.AsArray());
    }

    [Fact]
    public void Parse_ContextHttp_ReadsAFragmentAsTheInsideOfHttp()
    {
        var site = Path.Combine(_dir, "site");
        File.WriteAllText(site, "server {\n    listen 127.0.0.1:8080;\n    location / { return 204; }\n}\n");

        var (exit, payload) = Run(site, "--context", "http");

        Assert.Equal(0, exit);
        Assert.Equal("server", payload["config"]![0]!["parsed"]![0]!["directive"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_MissingFile_IsFailedPayloadAndExitOne()
    {
        var (exit, payload) = Run(Path.Combine(_dir, "nope.conf"));

        Assert.Equal(1, exit);
        Assert.Equal("failed", payload["status"]!.GetValue<string>());
        Assert.Contains("No such file or directory", payload["errors"]![0]!["error"]!.GetValue<string>());
    }
}
