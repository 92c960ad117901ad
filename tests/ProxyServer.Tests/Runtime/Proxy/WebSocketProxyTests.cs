using System.Net.WebSockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// WebSocket through proxy_pass, against nginx: with <c>proxy_http_version 1.1</c>, <c>Upgrade $http_upgrade</c>
/// and <c>Connection "upgrade"</c> a ClientWebSocket talks to a Kestrel echo backend both ways (text, a
/// large binary message, the close handshake); without those headers nginx does not upgrade, and neither do we.
/// </summary>
public sealed class WebSocketProxyTests(WebSocketProxyTests.Servers servers) : IClassFixture<WebSocketProxyTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            var b = Backend.Port;
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                server {
                    listen 127.0.0.1:{{P0}};
                    location /ws/ {
                        proxy_pass http://127.0.0.1:{{b}};
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                    }
                    location /plain/ { proxy_pass http://127.0.0.1:{{b}}; proxy_http_version 1.1; }
                    location /upgrade-only/ {
                        proxy_pass http://127.0.0.1:{{b}};
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                    }
                }
                """);
        }

        public WebSocketEchoBackend Backend { get; } = new();
        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            Backend.Dispose();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MessagesBothWays_ThenClose(bool throughNginx)
    {
        var port = throughNginx ? servers.Pair.NginxPort() : servers.Pair.OurPort();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws/echo"), timeout.Token);

        foreach (var text in new[] { "hello", "second message", "" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
            var (type, payload) = await ReceiveAsync(socket, timeout.Token);
            Assert.Equal((WebSocketMessageType.Text, text), (type, Encoding.UTF8.GetString(payload)));
        }
        var large = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        await socket.SendAsync(large, WebSocketMessageType.Binary, true, timeout.Token);
        var (largeType, echoed) = await ReceiveAsync(socket, timeout.Token);
        Assert.Equal(WebSocketMessageType.Binary, largeType);
        Assert.Equal(large, echoed);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        Assert.Equal((WebSocketCloseStatus.NormalClosure, "bye"), (socket.CloseStatus, socket.CloseStatusDescription));
    }

    [Theory]
    [InlineData("/plain/echo")]
    [InlineData("/upgrade-only/echo")]
    public async Task WithoutUpgradeHeaders_NoUpgrade_AsNginx(string path)
    {
        var nginx = await RefusedStatusAsync(servers.Pair.NginxPort(), path);
        Assert.Equal(400, nginx);
        Assert.Equal(nginx, await RefusedStatusAsync(servers.Pair.OurPort(), path));
    }

    /// <summary>The status of a WebSocket handshake that was not accepted.</summary>
    private static async Task<int> RefusedStatusAsync(int port, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}{path}"), timeout.Token));
        return (int)socket.HttpStatusCode;
    }

    private static async Task<(WebSocketMessageType, byte[])> ReceiveAsync(ClientWebSocket socket, CancellationToken cancel)
    {
        var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, cancel);
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return (received.MessageType, message.ToArray());
    }
}
