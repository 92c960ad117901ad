using System.Text.Json.Nodes;
using ProxyServer.NginxConf.Crossplane;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Tests.Corpus;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Crossplane;

public sealed class CrossplaneWriterTests
{
    /// <summary>
    /// Our payload equals crossplane's for these corpus entries: status, and for every file its name,
    /// status and parsed tree (includes as indexes, lua blocks, if conditions, non-UTF-8 bytes).
    /// </summary>
    [Theory]
    [InlineData("crossplane/simple/nginx.conf")]
    [InlineData("crossplane/includes-globbed/nginx.conf")]
    [InlineData("crossplane/lua-block-tricky/nginx.conf")]
    [InlineData("crossplane/lua-block-larger/nginx.conf")]
    [InlineData("crossplane/non-unicode/nginx.conf")]
    [InlineData("crossplane/russian-text/nginx.conf")]
    [InlineData("crossplane/quoted-right-brace/nginx.conf")]
    [InlineData("crossplane/empty-value-map/nginx.conf")]
    [InlineData("go-crossplane/if-expr/nginx.conf")]
    [InlineData("go-crossplane/simple-variable-with-braces/nginx.conf")]
    [InlineData("debian/etc/nginx/nginx.conf")]
    public void Write_CorpusEntry_EqualsCrossplanePayload(string file)
    {
        var entry = Corpus.Corpus.Entry(file);
        var tree = ConfigLoader.Load(Path.Combine(Corpus.Corpus.ConfDir, entry.File), Corpus.Corpus.Options(entry));

        var ours = JsonNode.Parse(CrossplaneWriter.Write(tree, CrossplaneParser.Errors(tree)))!;
        var theirs = JsonNode.Parse(File.ReadAllText(Path.Combine(Corpus.Corpus.Root, entry.ExpectedJson)))!;

        Assert.Equal(theirs["status"]!.GetValue<string>(), ours["status"]!.GetValue<string>());
        var ourFiles = ours["config"]!.AsArray();
        var theirFiles = theirs["config"]!.AsArray();
        Assert.Equal(theirFiles.Count, ourFiles.Count);
        for (var i = 0; i < theirFiles.Count; i++)
        {
            Assert.Equal(theirFiles[i]!["file"]!.GetValue<string>(), Corpus.Corpus.Relative(ourFiles[i]!["file"]!.GetValue<string>()));
            Assert.Equal(theirFiles[i]!["status"]!.GetValue<string>(), ourFiles[i]!["status"]!.GetValue<string>());
            Assert.Equal(theirFiles[i]!["parsed"]!.ToJsonString(), ourFiles[i]!["parsed"]!.ToJsonString());
        }
    }

    [Fact]
    public void Write_BraceTooMany_FailsTheFileItIsIn()
    {
        var dir = TempDirectory.Create("crossplane");
        try
        {
            File.WriteAllText(Path.Combine(dir, "bad.conf"), "worker_processes 1;\n}\n");
            File.WriteAllText(Path.Combine(dir, "nginx.conf"), "events {}\ninclude bad.conf;\n");
            var tree = ConfigLoader.Load(Path.Combine(dir, "nginx.conf"));

            var payload = JsonNode.Parse(CrossplaneWriter.Write(tree, CrossplaneParser.Errors(tree)))!;

            Assert.Equal("failed", payload["status"]!.GetValue<string>());
            var error = payload["errors"]!.AsArray().Single()!;
            Assert.Equal(Path.Combine(dir, "bad.conf"), error["file"]!.GetValue<string>());
            Assert.Equal(2, error["line"]!.GetValue<int>());
            Assert.Equal($"unexpected \"}}\" in {Path.Combine(dir, "bad.conf")}:2", error["error"]!.GetValue<string>());
            Assert.Equal("ok", payload["config"]![0]!["status"]!.GetValue<string>());
            Assert.Equal("failed", payload["config"]![1]!["status"]!.GetValue<string>());
            Assert.Equal(1, payload["config"]![0]!["parsed"]![1]!["includes"]![0]!.GetValue<int>());
        }
        finally
        {
            TempDirectory.TryDelete(dir);
        }
    }

    [Fact]
    public void Write_SingleFile_HasNoIncludesKey()
    {
        var tree = new ConfigTree(ConfigParser.Parse("include x.conf;", "a.conf").File, [], []);

        var payload = JsonNode.Parse(CrossplaneWriter.Write(tree, [], withIncludes: false))!;

        Assert.Null(payload["config"]![0]!["parsed"]![0]!["includes"]);
    }

    [Fact]
    public void WriteFailure_UnreadableFile_ListsTheFileAsFailedWithNothingParsed()
    {
        var payload = JsonNode.Parse(CrossplaneWriter.WriteFailure(new CrossplaneError("/x", null, "[Errno 2] No such file or directory: '/x'")))!;

        Assert.Equal("failed", payload["status"]!.GetValue<string>());
        Assert.Null(payload["errors"]![0]!["line"]);
        var file = payload["config"]!.AsArray().Single()!;
        Assert.Equal("/x", file["file"]!.GetValue<string>());
        Assert.Equal("failed", file["status"]!.GetValue<string>());
        Assert.Equal("[Errno 2] No such file or directory: '/x'", file["errors"]![0]!["error"]!.GetValue<string>());
        Assert.Empty(file["parsed"]!.AsArray());
    }
}
