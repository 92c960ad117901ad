using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Status;

/// <summary>
/// The traffic the status endpoints are checked against: server <c>front</c> proxying to an upstream
/// <c>app</c> of one live nginx backend and one dead port (<c>max_fails=1</c>), four requests sent
/// through it, and the endpoint under test served at its own exact location.
/// </summary>
internal sealed class LiveAndDeadPeerTraffic : IDisposable
{
    public const int Requests = 4;

    private readonly NginxInstance _backend;
    private readonly ProxyServerInstance _proxy;

    private LiveAndDeadPeerTraffic(NginxInstance backend, ProxyServerInstance proxy, int backendPort, int deadPort, HttpClient client)
    {
        _backend = backend;
        _proxy = proxy;
        BackendPort = backendPort;
        DeadPort = deadPort;
        Client = client;
    }

    public int BackendPort { get; }
    public int DeadPort { get; }
    public HttpClient Client { get; }

    public static async Task<LiveAndDeadPeerTraffic> RunAsync(string endpointPath, string endpointDirective)
    {
        var backendPort = FreePort.Next();
        var deadPort = FreePort.Next();
        var backend = NginxInstance.StartHttp($$"""
            server { listen 127.0.0.1:{{backendPort}}; location / { return 200 "backend\n"; } }
            """, backendPort);
        var port = FreePort.Next();
        var proxy = ProxyServerInstance.StartHttp($$"""
            upstream app {
                server 127.0.0.1:{{backendPort}};
                server 127.0.0.1:{{deadPort}} max_fails=1 fail_timeout=60s;
            }
            server {
                listen 127.0.0.1:{{port}};
                server_name front;
                location / { proxy_pass http://app; }
                location = {{endpointPath}} { {{endpointDirective}} }
            }
            """);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var traffic = new LiveAndDeadPeerTraffic(backend, proxy, backendPort, deadPort, client);
        for (var i = 0; i < Requests; i++) Assert.Equal("backend\n", await client.GetStringAsync("/x"));
        return traffic;
    }

    public void Dispose()
    {
        Client.Dispose();
        _proxy.Dispose();
        _backend.Dispose();
    }
}
