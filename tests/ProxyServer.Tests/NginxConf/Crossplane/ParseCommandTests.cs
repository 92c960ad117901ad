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
    public void Parse_MissingFile_IsCrossplanesFailedPayloadAndExitOne()
    {
        var missing = Path.Combine(_dir, "nope.conf");

        var (exit, payload) = Run(missing);

        Assert.Equal(1, exit);
        Assert.Equal("failed", payload["status"]!.GetValue<string>());
        Assert.Equal($"[Errno 2] No such file or directory: '{missing}'", payload["errors"]![0]!["error"]!.GetValue<string>());
        Assert.Equal("failed", payload["config"]![0]!["status"]!.GetValue<string>());
        Assert.Empty(payload["config"]![0]!["parsed"]!.AsArray());
    }

    [Fact]
    public void Parse_UnknownDirective_IsOkAsInCrossplane()
    {
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp {\n    kv_source main etcd://127.0.0.1:2379;\n    server { listen 8080; my_module_flag on; }\n}\n");

        var (exit, payload) = Run(main);

        Assert.Equal(0, exit);
        Assert.Equal("ok", payload["status"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_Strict_UnknownDirectiveIsAnErrorWithItsLine()
    {
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp {\n    types { text/html html; }\n    server { listen 8080;\n        my_module_flag on; }\n}\n");

        var (exit, payload) = Run(main, "--strict");

        Assert.Equal(1, exit);
        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal($"unknown directive \"my_module_flag\" in {main}:5", error["error"]!.GetValue<string>());
        Assert.Equal(5, error["line"]!.GetValue<int>());
        Assert.Equal(main, error["file"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_DirectiveInWrongContext_FailsWithCrossplanesWording()
    {
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp {\n    proxy_pass http://127.0.0.1:9;\n}\n");

        var (exit, payload) = Run(main);

        Assert.Equal(1, exit);
        Assert.Equal($"\"proxy_pass\" directive is not allowed here in {main}:3", payload["errors"]![0]!["error"]!.GetValue<string>());
        Assert.Equal("failed", payload["config"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_MissingInclude_IsPythonsErrorAtTheIncludeLine()
    {
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp {\n    include missing.types;\n}\n");

        var (exit, payload) = Run(main);

        Assert.Equal(1, exit);
        var error = payload["errors"]![0]!;
        Assert.Equal($"[Errno 2] No such file or directory: '{Path.Combine(_dir, "missing.types")}'", error["error"]!.GetValue<string>());
        Assert.Equal(3, error["line"]!.GetValue<int>());
    }

    [Fact]
    public void Parse_QuoteFollowedByLetter_IsOkAsInCrossplane()
    {
        // nginx says unexpected "b"; crossplane reads two words, and so does the payload.
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp { add_header X-A \"a\"b; }\n");

        var (exit, payload) = Run(main);

        Assert.Equal(0, exit);
        Assert.Equal(["X-A", "a", "b"], payload["config"]![0]!["parsed"]![1]!["block"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public void Parse_IncludedFile_IsCheckedInTheContextOfItsInclude()
    {
        File.WriteAllText(Path.Combine(_dir, "site.conf"), "server {\n    listen 8080;\n}\n");
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\nhttp { include site.conf; }\ninclude site.conf;\n");

        var (exit, payload) = Run(main);

        // crossplane reads a file once, in the context of the first include that reached it.
        Assert.Equal(0, exit);
        Assert.Equal(["ok", "ok"], payload["config"]!.AsArray().Select(f => f!["status"]!.GetValue<string>()));
    }

    [Fact]
    public void Parse_FileIncludedFromTheWrongContext_FailsThatFile()
    {
        var site = Path.Combine(_dir, "site.conf");
        File.WriteAllText(site, "server {\n    listen 8080;\n}\n");
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, "events {}\ninclude site.conf;\n");

        var (exit, payload) = Run(main, "--context", "main");

        Assert.Equal(1, exit);
        Assert.Equal("ok", payload["config"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("failed", payload["config"]![1]!["status"]!.GetValue<string>());
        Assert.Equal($"\"server\" directive is not allowed here in {site}:1", payload["config"]![1]!["errors"]![0]!["error"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_WordLongerThanNginxsBuffer_IsOkAsInCrossplane()
    {
        var main = Path.Combine(_dir, "nginx.conf");
        File.WriteAllText(main, $"events {{}}\nhttp {{ add_header X-Long {new string('a', 5000)}; }}\n");

        var (exit, _) = Run(main);

        Assert.Equal(0, exit);
    }
}
