using System.Text.Json;
using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Serving;

/// <summary>
/// Reloads that change or remove a <c>kv_source</c> stop its old etcd watch once the new model serves;
/// a refused reload keeps the serving one and stops what the refused compile started. Counted where
/// it is real: etcd's own gauge of open watchers, and the sources the status API lists.
/// </summary>
public sealed partial class KvSourceRetirementTests
{
    private static string Config(int port, string source) => $$"""
        {{source}}
        server {
            listen 127.0.0.1:{{port}};
            location = /api { status_api; }
            location / { return 200 "$backend"; }
        }
        """;

    private static string MapFrom(EtcdInstance etcd, string prefix) => $$"""
        kv_source main etcd://{{etcd.Endpoint}};
        kv_map $host $backend { source main {{prefix}}; default none; }
        """;

    [GeneratedRegex(@"^etcd_debugging_mvcc_watcher_total (\d+)", RegexOptions.Multiline)]
    private static partial Regex WatcherGauge();

    /// <summary>etcd's count of open watchers (its /metrics on the client URL).</summary>
    private static async Task<int> EtcdWatchers(EtcdInstance etcd)
    {
        using var client = new HttpClient();
        var metrics = await client.GetStringAsync(etcd.ClientUrl + "/metrics");
        return int.Parse(WatcherGauge().Match(metrics).Groups[1].Value);
    }

    private static async Task<int> SourcesListed(int port) =>
        JsonDocument.Parse((await RawHttp.SendAsync(port, RawHttp.Get("/api", "x"))).Body).RootElement
            .GetProperty("kv_sources").EnumerateObject().Count();

    private static async Task<string> Backend(int port) => (await RawHttp.SendAsync(port, RawHttp.Get("/", "x.com"))).Body;

    private static void Reload(ProxyServerInstance proxy, string httpBody)
    {
        var config = File.ReadAllText(proxy.ConfigPath);
        var http = config.IndexOf("http {", StringComparison.Ordinal);
        File.WriteAllText(proxy.ConfigPath, config[..http] + $"http {{\n    access_log off;\n{httpBody}\n}}\n");
        proxy.Process.Signal("HUP");
    }

    [Fact]
    public async Task ChangedSource_OldWatchStops_RefusedReloadKeepsServing_RemovedSourceStops()
    {
        using var etcd = EtcdInstance.Start();
        etcd.Put("/a/x.com", "from-a");
        etcd.Put("/b/x.com", "from-b");
        etcd.Put("/c/x.com", "from-c");
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp(Config(port, MapFrom(etcd, "/a/")));
        Assert.Equal("from-a", await Backend(port));
        Assert.Equal(1, await EtcdWatchers(etcd));

        // A changed prefix is a new source: it serves, and the old watch is closed.
        Reload(proxy, Config(port, MapFrom(etcd, "/b/")));
        Assert.True(await Eventually.Holds(async () => await Backend(port) == "from-b", TimeSpan.FromSeconds(10)));
        Assert.True(await Eventually.Holds(async () => await EtcdWatchers(etcd) == 1, TimeSpan.FromSeconds(5)), $"etcd watchers: {await EtcdWatchers(etcd)}");
        Assert.Equal(1, await SourcesListed(port));

        // A refused config (its source would watch /c/): the /b/ source keeps serving and following etcd.
        Reload(proxy, Config(port, MapFrom(etcd, "/c/")) + "\nno_such_directive on;");
        Assert.True(await Eventually.Holds(() => proxy.ErrorLog.Contains("unknown directive \"no_such_directive\""), TimeSpan.FromSeconds(10)));
        etcd.Put("/b/x.com", "from-b-again");
        Assert.True(await Eventually.Holds(async () => await Backend(port) == "from-b-again", TimeSpan.FromSeconds(5)));
        Assert.True(await Eventually.Holds(async () => await EtcdWatchers(etcd) == 1, TimeSpan.FromSeconds(5)), $"etcd watchers: {await EtcdWatchers(etcd)}");
        Assert.Equal(1, await SourcesListed(port));

        // No kv_source any more: no watch is left.
        Reload(proxy, Config(port, "map $host $backend { default static; }"));
        Assert.True(await Eventually.Holds(async () => await Backend(port) == "static", TimeSpan.FromSeconds(10)));
        Assert.True(await Eventually.Holds(async () => await EtcdWatchers(etcd) == 0, TimeSpan.FromSeconds(5)), $"etcd watchers: {await EtcdWatchers(etcd)}");
        Assert.Equal(0, await SourcesListed(port));
    }
}
