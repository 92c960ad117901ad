using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.LimitReq;

/// <summary>
/// <c>limit_req_zone ... sync</c> (beyond nginx): three proxyserver processes on one real etcd hold a key to one
/// zone's rate together, where zones without <c>sync</c> each let the key through on their own; an instance that
/// stops takes its key out of etcd.
/// </summary>
public sealed class LimitReqSyncTests
{
    private const string Prefix = "/proxyserver/limit_req/api/";

    private static string Config(EtcdInstance etcd, int port) => $$"""
        kv_source main etcd://{{etcd.Endpoint}};
        limit_req_zone $arg_k zone=api:1m rate=1r/m sync;
        limit_req_zone $arg_k zone=solo:1m rate=1r/m;
        server {
            listen 127.0.0.1:{{port}};
            location /shared { limit_req zone=api; alias /etc/hostname; }
            location /alone { limit_req zone=solo; alias /etc/hostname; }
        }
        """;

    private static async Task<int> StatusAsync(int port, string path) => (await RawHttp.SendAsync(port, RawHttp.Get(path))).Status;

    /// <summary>The instances' keys under the zone's prefix, with their values (etcdctl prints key then value, a line each).</summary>
    private static Dictionary<string, string> Published(EtcdInstance etcd)
    {
        var (code, output) = etcd.Ctl("get", "--prefix", Prefix);
        Assert.True(code == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var published = new Dictionary<string, string>();
        for (var i = 0; i + 1 < lines.Length; i += 2) published[lines[i]] = lines[i + 1];
        return published;
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); !condition(); await Task.Delay(200))
            Assert.True(DateTime.UtcNow < deadline, what);
    }

    [Fact]
    public async Task ThreeInstances_HoldAKeyToOneRate_AndAStoppedOneLeavesEtcd()
    {
        using var etcd = EtcdInstance.Start();
        int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
        using var a = ProxyServerInstance.StartHttp(Config(etcd, ports[0]));
        using var b = ProxyServerInstance.StartHttp(Config(etcd, ports[1]));
        using var c = ProxyServerInstance.StartHttp(Config(etcd, ports[2]));

        // Each instance lets one request of its own key through and puts that count: once all three are in etcd,
        // every instance's watch runs from before any count of key "x" below.
        for (var i = 0; i < 3; i++) Assert.Equal(200, await StatusAsync(ports[i], $"/shared?k=warm{i}"));
        await WaitUntil(() => Published(etcd).Count == 3, "the three instances did not all publish");

        // 1r/m, no burst: one request per key per minute across all three. A lets the first through...
        Assert.Equal(200, await StatusAsync(ports[0], "/shared?k=x"));
        await WaitUntil(() => Published(etcd).Values.Any(v => v.Contains("\"x\":1", StringComparison.Ordinal)), "A did not publish key x");
        // ...etcd has it; its watchers get it at commit (a grace for a loaded machine, not a synchronisation of ours).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(503, await StatusAsync(ports[1], "/shared?k=x"));
        Assert.Equal(503, await StatusAsync(ports[2], "/shared?k=x"));
        Assert.Equal(503, await StatusAsync(ports[0], "/shared?k=x"));
        // Another key is its own bucket.
        Assert.Equal(200, await StatusAsync(ports[1], "/shared?k=y"));

        // The same limit without sync: each instance lets the key through once.
        foreach (var port in ports) Assert.Equal(200, await StatusAsync(port, "/alone?k=x"));
        Assert.Equal(503, await StatusAsync(ports[0], "/alone?k=x"));

        // B stops: it gives its lease back, so its key leaves etcd (at the latest when the lease's 6 s end).
        Assert.True(b.StopWith("QUIT", TimeSpan.FromSeconds(30)), "B did not stop");
        await WaitUntil(() => Published(etcd).Count == 2, "B's key stayed in etcd");
    }

    private static IReadOnlyList<string> Errors(string http)
    {
        var directory = TempDirectory.Create("limitsync-");
        var path = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(path, $"events {{}}\nhttp {{\n{http}\n}}\n");
        try
        {
            return [.. ConfigCheck.Run(path, new CheckOptions()).Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Message)];
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Theory]
    [InlineData("limit_req_zone $arg_k zone=api:1m rate=1r/s sync;", "\"sync\" needs a \"kv_source\" in the http block to share the zone through")]
    [InlineData("kv_source a etcd://127.0.0.1:2379; kv_source b etcd://127.0.0.1:2380; limit_req_zone $arg_k zone=api:1m rate=1r/s sync;",
        "\"sync\" must name its kv_source (sync=NAME): there are 2")]
    [InlineData("kv_source a etcd://127.0.0.1:2379; limit_req_zone $arg_k zone=api:1m rate=1r/s sync=b;", "unknown kv_source \"b\"")]
    [InlineData("kv_source a etcd://127.0.0.1:2379; limit_conn_zone $arg_k zone=c:1m sync;", "invalid number of arguments in \"limit_conn_zone\" directive")]
    public void Sync_WithoutItsSource_IsRefused(string http, string error) => Assert.Contains(error, Errors(http));

    [Theory]
    [InlineData("kv_source a etcd://127.0.0.1:2379; limit_req_zone $arg_k zone=api:1m rate=1r/s sync;")]
    [InlineData("kv_source a etcd://127.0.0.1:2379; kv_source b etcd://127.0.0.1:2380; limit_req_zone $arg_k zone=api:1m rate=1r/s sync=b;")]
    public void Sync_WithItsSource_IsValid(string http) => Assert.Empty(Errors(http));
}
