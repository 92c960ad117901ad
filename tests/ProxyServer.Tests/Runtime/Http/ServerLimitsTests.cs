using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// The request-head limits every socket applies: nginx's defaults, the http level's values, and the
/// largest a server block sets (Kestrel has one set per socket; refusing what a server accepts would be worse).
/// </summary>
public sealed class ServerLimitsTests
{
    private static ServerLimits Compile(string httpBody)
    {
        var tree = ConfigLoader.LoadText($"events {{}}\nhttp {{\n{httpBody}\n}}\n", "/virtual/nginx.conf");
        var result = RuntimeCompiler.Compile(tree, new CompileOptions { Prefix = "/virtual/" });
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        return result.Model!.Limits;
    }

    [Fact]
    public void Defaults_AreNginxs()
    {
        var limits = Compile("server { listen 127.0.0.1:8080; }");
        Assert.Equal((1024, 4, 8192), (limits.ClientHeaderBufferSize, limits.LargeHeaderBufferCount, limits.LargeHeaderBufferSize));
        Assert.Equal(TimeSpan.FromSeconds(60), limits.RequestHeadersTimeout);
        Assert.Equal(8192, limits.MaxRequestLineSize);
        Assert.Equal(1024 + 4 * 8192, limits.MaxRequestHeadersTotalSize);
    }

    [Fact]
    public void HttpLevel_Applies()
    {
        var limits = Compile("client_header_buffer_size 2k; large_client_header_buffers 2 4k; client_header_timeout 5s; server { listen 127.0.0.1:8080; }");
        Assert.Equal((2048, 2, 4096), (limits.ClientHeaderBufferSize, limits.LargeHeaderBufferCount, limits.LargeHeaderBufferSize));
        Assert.Equal(TimeSpan.FromSeconds(5), limits.RequestHeadersTimeout);
    }

    [Fact]
    public void ServerLevel_LargestWins()
    {
        var limits = Compile("""
            client_header_timeout 5s;
            server { listen 127.0.0.1:8080; large_client_header_buffers 8 16k; client_header_timeout 90s; }
            server { listen 127.0.0.1:8081; client_header_buffer_size 4k; }
            """);
        Assert.Equal((4096, 8, 16384), (limits.ClientHeaderBufferSize, limits.LargeHeaderBufferCount, limits.LargeHeaderBufferSize));
        Assert.Equal(TimeSpan.FromSeconds(90), limits.RequestHeadersTimeout);
        Assert.Equal(16384, limits.MaxRequestLineSize);
    }
}
