using System.Text.Json.Nodes;
using ProxyServer.NginxConf.Crossplane;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Tests.Corpus;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Crossplane;

public sealed class CrossplaneWriterTests
{
    /// <summary>
    /// Our payload equals crossplane's for these corpus entries: status, and for every file its name,
    /// status and parsed tree (includes as indexes, lua blocks, if conditions, non-UTF-8 bytes).
    /// Error texts are nginx's wording in ours, so only their presence is compared.
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

        var ours = JsonNode.Parse(CrossplaneWriter.Write(tree, tree.Diagnostics))!;
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
    public void Write_SyntaxError_FailsTheFileItIsIn()
    {
        var dir = TempDirectory.Create("crossplane");
        try
        {
            File.WriteAllText(Path.Combine(dir, "bad.conf"), "x \"a\"b;\n");
            File.WriteAllText(Path.Combine(dir, "nginx.conf"), "events {}\ninclude bad.conf;\n");
            var tree = ConfigLoader.Load(Path.Combine(dir, "nginx.conf"));

            var payload = JsonNode.Parse(CrossplaneWriter.Write(tree, tree.Diagnostics))!;

            Assert.Equal("failed", payload["status"]!.GetValue<string>());
            var error = payload["errors"]!.AsArray().Single()!;
            Assert.Equal(Path.Combine(dir, "bad.conf"), error["file"]!.GetValue<string>());
            Assert.Equal(1, error["line"]!.GetValue<int>());
            Assert.Equal($"unexpected \"b\" in {Path.Combine(dir, "bad.conf")}:1", error["error"]!.GetValue<string>());
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
    public void WriteFailure_UnreadableFile_HasOneErrorAndNoConfig()
    {
        var payload = JsonNode.Parse(CrossplaneWriter.WriteFailure([Diagnostic.Error("open() \"/x\" failed (2: No such file or directory)", new SourcePosition("/x", 0, 0))]))!;

        Assert.Equal("failed", payload["status"]!.GetValue<string>());
        Assert.Null(payload["errors"]![0]!["line"]);
        Assert.Empty(payload["config"]!.AsArray());
    }
}
