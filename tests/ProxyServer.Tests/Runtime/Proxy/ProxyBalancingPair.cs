using System.Net;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Upstream;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// Live backends (each answers its own port) behind two proxies serving the same config: the real
/// nginx and ours, each with every <see cref="BalancingScenarios"/> upstream and a location
/// <c>/NAME/</c> per scenario, logging <c>$status $upstream_addr $upstream_status</c> per request.
/// </summary>
public sealed class ProxyBalancingPair : IDisposable
{
    private readonly NginxBalancingPair _backends = new();

    public ProxyBalancingPair()
    {
        var upstreams = string.Join("\n", BalancingScenarios.All.Select(_backends.UpstreamBlock));
        var locations = string.Join("\n", BalancingScenarios.All.Select(s => $"location /{s.Name}/ {{ proxy_pass http://{s.Name}; }}"));
        Pair = DifferentialPair.StartHttp($$"""
            log_format upstreams "$status $upstream_addr $upstream_status";
            {{upstreams}}
            server {
                listen 127.0.0.1:{{"{{P0}}"}};
                access_log upstreams.log upstreams;
                proxy_connect_timeout 2s;
                {{locations}}
                location /post_retry/ { proxy_pass http://rr_dead; proxy_next_upstream error non_idempotent; }
            }
            """);
    }

    public DifferentialPair Pair { get; }

    public async Task<(string Nginx, string Ours)> GetAsync(string path, IPAddress? source = null)
    {
        var nginx = SourceBoundHttp.GetAsync(Pair.NginxPort(), path, source);
        var ours = SourceBoundHttp.GetAsync(Pair.OurPort(), path, source);
        var (n, o) = (await nginx, await ours);
        return (n.Status == 200 ? n.Body : n.Status.ToString(), o.Status == 200 ? o.Body : o.Status.ToString());
    }

    public string NginxLog => ReadLog(Pair.Nginx.Prefix);
    public string OurLog => ReadLog(Pair.Ours.Prefix);

    internal static string ReadLog(string prefix)
    {
        var path = Path.Combine(prefix, "upstreams.log");
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    public void Dispose()
    {
        Pair.Dispose();
        _backends.Dispose();
    }
}
