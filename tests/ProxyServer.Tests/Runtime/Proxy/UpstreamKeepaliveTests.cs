using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// Connections to the upstream, against nginx: how many TCP connections a run of requests opens and what
/// each request says (version, Connection). nginx closes every connection unless the upstream has
/// <c>keepalive</c> and the request drops its <c>Connection: close</c>; then one connection serves them all.
/// </summary>
public sealed class UpstreamKeepaliveTests(UpstreamKeepaliveTests.Servers servers) : IClassFixture<UpstreamKeepaliveTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            var b = Backend.Port;
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                upstream plain { server 127.0.0.1:{{b}}; }
                upstream kept { server 127.0.0.1:{{b}}; keepalive 4; keepalive_timeout 30s; }
                server {
                    listen 127.0.0.1:{{P0}};
                    location /default/ { proxy_pass http://plain; }
                    location /v11/ { proxy_pass http://plain; proxy_http_version 1.1; }
                    location /v11-no-close/ { proxy_pass http://plain; proxy_http_version 1.1; proxy_set_header Connection ""; }
                    location /kept/ { proxy_pass http://kept; proxy_http_version 1.1; proxy_set_header Connection ""; }
                    location /kept-close/ { proxy_pass http://kept; proxy_http_version 1.1; }
                    location /kept-v10/ { proxy_pass http://kept; proxy_set_header Connection ""; }
                    location /kept-ka/ { proxy_pass http://kept; proxy_http_version 1.1; proxy_set_header Connection keep-alive; }
                }
                """);
        }

        public ConnectionCountingBackend Backend { get; } = new();
        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            Backend.Dispose();
        }
    }

    private const int Requests = 5;

    [Theory]
    [InlineData("/default/x", Requests)]
    [InlineData("/v11/x", Requests)]
    [InlineData("/v11-no-close/x", Requests)]
    [InlineData("/kept/x", 1)]
    [InlineData("/kept-close/x", Requests)]
    [InlineData("/kept-v10/x", Requests)]
    [InlineData("/kept-ka/x", 1)]
    public async Task ConnectionsOpened_AndRequestSent_AsNginx(string path, int connections)
    {
        var nginx = await RunAsync(servers.Pair.NginxPort(), path);
        var ours = await RunAsync(servers.Pair.OurPort(), path);
        Assert.Equal((connections, nginx.Head), (nginx.Connections, nginx.Head));
        Assert.True(nginx == ours, $"{path}\nnginx: {nginx.Connections} connections, sent:\n{nginx.Head}\nwe: {ours.Connections} connections, sent:\n{ours.Head}");
    }

    /// <summary>Sends the requests one after another; counts the backend connections that answered.</summary>
    private static async Task<(int Connections, string Head)> RunAsync(int port, string path)
    {
        var ids = new HashSet<string>();
        var head = "";
        for (var i = 0; i < Requests; i++)
        {
            var response = await RawHttp.SendAsync(port, RawHttp.Get(path, "example.com"));
            var lines = response.Body.Split('\n');
            ids.Add(lines[0]);
            head = string.Join('\n', lines.Skip(1).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Select(l => l.ToLowerInvariant()).Order(StringComparer.Ordinal));
        }
        return (ids.Count, head);
    }
}
