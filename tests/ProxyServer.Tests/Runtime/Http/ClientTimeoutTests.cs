using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// client_header_timeout and client_body_timeout: nginx closes the connection without answering
/// (it logs 408) when the client goes quiet while sending its request head or the body a proxied
/// request needs, and when a new connection sends nothing. Both servers are asked; both must close
/// without a byte. (Kestrel checks its timers once a second, so we close up to two seconds later.)
/// </summary>
public sealed class ClientTimeoutTests(ClientTimeoutTests.Servers servers) : IClassFixture<ClientTimeoutTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            client_header_timeout 1s;
            client_body_timeout 1s;
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 200 "ok\n"; }
                location /proxy/ { proxy_pass http://127.0.0.1:{{P1}}/; }
            }
            server {
                listen 127.0.0.1:{{P1}};
                location / { return 200 "backend $request_method $content_length\n"; }
            }
            """, portCount: 2);

        public void Dispose() => Pair.Dispose();
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(8);

    [Theory]
    [InlineData("")]
    [InlineData("GET / HT")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n")]
    [InlineData("POST /proxy/ HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab")]
    [InlineData("POST /proxy/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")]
    public async Task QuietClient_ClosedWithoutAnswer(string partialRequest)
    {
        var nginx = WireAnswer.SendAndWaitForCloseAsync(servers.Pair.NginxPort(), partialRequest, Patience);
        var ours = WireAnswer.SendAndWaitForCloseAsync(servers.Pair.OurPort(), partialRequest, Patience);
        var (expected, actual) = (await nginx, await ours);
        Assert.True(expected.ClosedByServer, "nginx closes");
        Assert.Empty(expected.Received);
        Assert.True(actual.ClosedByServer, "proxyserver closes");
        Assert.Empty(actual.Received);
    }

    [Fact]
    public async Task BodySentInTime_Proxied()
    {
        var request = "POST /proxy/ HTTP/1.1\r\nHost: a\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello";
        await WireAnswer.AssertSameAsync(servers.Pair, request);
    }
}
