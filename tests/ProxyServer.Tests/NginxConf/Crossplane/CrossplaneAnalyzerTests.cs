using ProxyServer.NginxConf.Crossplane;

namespace ProxyServer.Tests.NginxConf.Crossplane;

/// <summary>crossplane's statement check (analyzer.py <c>analyze</c>) with its own directive table and wording.</summary>
public sealed class CrossplaneAnalyzerTests
{
    [Theory]
    // Unknown names pass unless strict; crossplane knows NGINX Plus directives, not ours.
    [InlineData("kv_source", "a b", ";", "http", false, null)]
    [InlineData("kv_source", "a b", ";", "http", true, "unknown directive \"kv_source\"")]
    [InlineData("health_check", "", ";", "http location", true, null)]
    // Context, from crossplane's table: include is refused inside if (nginx allows it).
    [InlineData("proxy_pass", "http://a", ";", "http", false, "\"proxy_pass\" directive is not allowed here")]
    [InlineData("include", "x.conf", ";", "http location if", false, "\"include\" directive is not allowed here")]
    [InlineData("include", "x.conf", ";", "http location", false, null)]
    // Arguments, blocks, flags.
    [InlineData("add_header", "X", ";", "http server", false, "invalid number of arguments in \"add_header\" directive")]
    [InlineData("gzip", "maybe", ";", "http", false, "invalid value \"maybe\" in \"gzip\" directive, it must be \"on\" or \"off\"")]
    [InlineData("gzip", "ON", ";", "http", false, null)]
    [InlineData("http", "", ";", "", false, "directive \"http\" has no opening \"{\"")]
    [InlineData("proxy_pass", "http://a", "{", "http location", false, "directive \"proxy_pass\" is not terminated by \";\"")]
    [InlineData("server", "127.0.0.1:80 weight=2", ";", "http upstream", false, null)]
    [InlineData("server", "", "{", "http", false, null)]
    // crossplane's table where it differs from nginx 1.22: a value, not a flag.
    [InlineData("uwsgi_cache_background_update", "maybe", ";", "http", false, null)]
    // Block paths crossplane has no bit for are not checked; strict leaves value blocks alone.
    [InlineData("anything", "", ";", "http map", false, null)]
    [InlineData("text/html", "html htm", ";", "http types", true, null)]
    [InlineData("listen", "", ";", "http map", false, null)]
    public void Analyze_Statement_GivesCrossplanesError(string directive, string args, string terminator, string context, bool strict, string? expected)
    {
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var path = context.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, CrossplaneAnalyzer.Analyze(directive, words, terminator, path, strict));
    }

    [Theory]
    [InlineData("location", "http server", "http location")]
    [InlineData("location", "http location", "http location")]
    [InlineData("if", "http location", "http location if")]
    [InlineData("location", "stream", "stream location")]
    public void EnterBlock_NestedLocation_StaysHttpLocation(string directive, string context, string expected)
    {
        Assert.Equal(expected.Split(' '), CrossplaneAnalyzer.EnterBlock(directive, context.Split(' ')));
    }
}
