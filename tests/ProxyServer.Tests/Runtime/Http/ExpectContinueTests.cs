using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// <c>Expect: 100-continue</c> on a request whose body is empty (http_expect_100_continue.t): nginx answers
/// <c>HTTP/1.1 100 Continue</c> when a handler reads or discards the body, before it looks at its length, for
/// HTTP/1.1 only, the token in any case; compared byte for byte with the real nginx up to the final status line.
/// </summary>
public sealed class ExpectContinueTests(ExpectContinueTests.Servers servers) : IClassFixture<ExpectContinueTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location /proxied { proxy_pass http://127.0.0.1:{{P0}}/local; }
                location /local { return 200 "local\n"; }
                location /static { alias /etc/hostname; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    /// <summary>The interim answers and the final status line, as the client reads them.</summary>
    private static async Task<string> AskAsync(int port, string target, string version, string expect)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var request = $"POST {target} HTTP/{version}\r\nHost: localhost\r\nExpect: {expect}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var buffer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await stream.CopyToAsync(buffer, timeout.Token);
        var lines = Encoding.Latin1.GetString(buffer.ToArray()).Split("\r\n");
        // "HTTP/1.1 100 Continue", its empty line, then the final status line.
        return string.Join(" | ", lines.TakeWhile(l => !l.StartsWith("HTTP/1.1 2", StringComparison.Ordinal) && !l.StartsWith("HTTP/1.1 4", StringComparison.Ordinal))
            .Append(lines.First(l => l.StartsWith("HTTP/1.1 2", StringComparison.Ordinal) || l.StartsWith("HTTP/1.1 4", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("/proxied", "1.1", "100-continue")]
    [InlineData("/proxied", "1.1", "100-Continue")]
    [InlineData("/proxied", "1.0", "100-continue")]
    [InlineData("/proxied", "1.1", "unknown")]
    [InlineData("/static", "1.1", "100-continue")]
    [InlineData("/local", "1.1", "100-continue")]
    public async Task EmptyBody_ContinueAsNginx(string target, string version, string expect)
    {
        var nginx = await AskAsync(servers.Pair.NginxPort(), target, version, expect);
        var ours = await AskAsync(servers.Pair.OurPort(), target, version, expect);
        Assert.Equal(nginx, ours);
    }
}
