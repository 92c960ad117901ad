using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Cache;

/// <summary>
/// What a cache zone keeps and where, against a real backend that counts its requests: one upstream request for
/// concurrent misses under proxy_cache_lock, a MISS streamed to the client before the upstream finished, no
/// entry from a body cut short, a corrupt entry read as a MISS, entries that outlive a reload and a restart,
/// max_size and inactive evicting, and nginx's error at start for a cache path that cannot be made.
/// </summary>
public sealed class ProxyCacheStorageTests : IDisposable
{
    private readonly CachingBackend _backend = new();
    private readonly int _port = FreePort.Next();
    /// <summary>The zone's path, apart from the servers' prefixes (each start has its own, gone with it).</summary>
    private readonly string _cacheRoot = TempDirectory.Create("cache-");
    private string _prefix = "";

    public void Dispose()
    {
        _backend.Dispose();
        TempDirectory.TryDelete(_cacheRoot);
    }

    private string Config(string pathParameters = "", string comment = "") => TestServerConfig.Main(_prefix, TestServerConfig.Http($$"""
            # {{comment}}
            map $request_method $purge { PURGE 1; default ""; }
            proxy_cache_path {{_cacheRoot}}/cache levels=1:2 keys_zone=store:1m {{pathParameters}};
            server {
                listen 127.0.0.1:{{_port}};
                add_header X-Cache "$upstream_cache_status" always;
                location / {
                    proxy_pass http://127.0.0.1:{{_backend.Port}};
                    proxy_cache store;
                    proxy_cache_valid any 1m;
                }
                location /purgeable/ {
                    proxy_pass http://127.0.0.1:{{_backend.Port}}/;
                    proxy_cache store;
                    proxy_cache_key $uri;
                    proxy_cache_valid any 1m;
                    proxy_cache_purge $purge;
                }
                location = /api { status_api; }
                location = /metrics { prometheus_metrics; }
                location /lock/ {
                    proxy_pass http://127.0.0.1:{{_backend.Port}}/;
                    proxy_cache store;
                    proxy_cache_valid any 1m;
                    proxy_cache_lock on;
                }
            }
            """));

    private ProxyServerInstance Start(string pathParameters = "")
    {
        _prefix = TempDirectory.Create("cache-server-");
        File.WriteAllText(Path.Combine(_prefix, "nginx.conf"), Config(pathParameters));
        var server = ProxyServerInstance.StartInPrefix(_prefix, "nginx.conf");
        FreePort.WaitUntilListening(_port, TimeSpan.FromSeconds(10));
        return server;
    }

    private Task<RawResponse> GetAsync(string target) => RawHttp.SendAsync(_port, RawHttp.Get(target));

    private string[] EntryFiles() => Directory.Exists(Path.Combine(_cacheRoot, "cache"))
        ? Directory.GetFiles(Path.Combine(_cacheRoot, "cache"), "*", SearchOption.AllDirectories)
        : [];

    [Fact]
    public async Task Lock_ConcurrentMisses_SendOneRequestUpstream()
    {
        using var server = Start();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => GetAsync("/lock/slow")));
        Assert.Equal(1, _backend.Count("/slow"));
        Assert.All(responses, r => Assert.Equal("n=1", r.Body));
        Assert.Single(responses, r => r.Header("X-Cache") == "MISS");
        Assert.Equal(4, responses.Count(r => r.Header("X-Cache") == "HIT"));
    }

    [Fact]
    public async Task Miss_ReachesTheClientWhileTheUpstreamStillSends()
    {
        using var server = Start();
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(RawHttp.Get("/halves")));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        // the upstream sends its second half only once the client has the first: a response buffered whole would never come
        while (!received.ToString().Contains("first"))
        {
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, read);
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        _backend.ReleaseSecondHalf();
        int more;
        while ((more = await stream.ReadAsync(buffer)) > 0) received.Append(Encoding.ASCII.GetString(buffer, 0, more));
        Assert.EndsWith("first-last", received.ToString());

        var again = await GetAsync("/halves");
        Assert.Equal(("HIT", "first-last"), (again.Header("X-Cache"), again.Body));
    }

    [Fact]
    public async Task Purge_RemovesAKeyOrAPrefix()
    {
        using var server = Start();
        foreach (var target in (string[])["/purgeable/a/1", "/purgeable/a/2", "/purgeable/b/1"]) await GetAsync(target);
        Assert.Equal(204, (await RawHttp.SendAsync(_port, "PURGE /purgeable/b/1 HTTP/1.0\r\n\r\n")).Status);
        Assert.Equal(404, (await RawHttp.SendAsync(_port, "PURGE /purgeable/b/1 HTTP/1.0\r\n\r\n")).Status);
        Assert.Equal("MISS", (await GetAsync("/purgeable/b/1")).Header("X-Cache"));
        Assert.Equal(204, (await RawHttp.SendAsync(_port, "PURGE /purgeable/a/* HTTP/1.0\r\n\r\n")).Status);
        Assert.Equal("MISS", (await GetAsync("/purgeable/a/1")).Header("X-Cache"));
        Assert.Equal("MISS", (await GetAsync("/purgeable/a/2")).Header("X-Cache"));
        Assert.Equal("HIT", (await GetAsync("/purgeable/b/1")).Header("X-Cache"));
    }

    [Fact]
    public async Task Figures_InTheStatusApiAndPrometheus()
    {
        using var server = Start();
        await GetAsync("/figures");
        await GetAsync("/figures");
        await GetAsync("/figures");
        using var api = System.Text.Json.JsonDocument.Parse((await GetAsync("/api")).Body);
        var zone = api.RootElement.GetProperty("caches").GetProperty("store");
        Assert.Equal(1, zone.GetProperty("miss").GetProperty("responses").GetInt64());
        Assert.Equal(2, zone.GetProperty("hit").GetProperty("responses").GetInt64());
        Assert.Equal(EntryFiles().Sum(f => new FileInfo(f).Length), zone.GetProperty("size").GetInt64());
        var metrics = (await GetAsync("/metrics")).Body;
        Assert.Contains("proxyserver_cache_responses_total{cache=\"store\",status=\"HIT\"} 2", metrics);
        Assert.Contains("proxyserver_cache_responses_total{cache=\"store\",status=\"MISS\"} 1", metrics);
    }

    [Fact]
    public async Task UpstreamCutMidBody_LeavesNoEntry()
    {
        using var server = Start();
        // each answer is cut short (how much of it reaches the client depends on when the reset comes)
        await GetAsync("/cut");
        await GetAsync("/cut");
        Assert.Equal(2, _backend.Count("/cut"));
        Assert.Empty(EntryFiles());
    }

    [Fact]
    public async Task CorruptEntry_IsAMiss_AndIsReplaced()
    {
        using var server = Start();
        Assert.Equal("MISS", (await GetAsync("/corrupt")).Header("X-Cache"));
        var file = Assert.Single(EntryFiles());
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..20]);

        var miss = await GetAsync("/corrupt");
        Assert.Equal((200, "MISS", "n=2"), (miss.Status, miss.Header("X-Cache"), miss.Body));
        var hit = await GetAsync("/corrupt");
        Assert.Equal(("HIT", "n=2"), (hit.Header("X-Cache"), hit.Body));
    }

    [Fact]
    public async Task Entries_OutliveAReloadAndARestart()
    {
        using (var server = Start())
        {
            Assert.Equal("MISS", (await GetAsync("/keep")).Header("X-Cache"));
            File.WriteAllText(Path.Combine(_prefix, "nginx.conf"), Config(comment: "reloaded"));
            server.Process.Signal("HUP");
            await WaitForLogAsync("reconfiguring");
            Assert.Equal("HIT", (await GetAsync("/keep")).Header("X-Cache"));
            Assert.True(server.StopWith("QUIT", TimeSpan.FromSeconds(10)));
        }
        using var restarted = Start();
        var after = await GetAsync("/keep");
        Assert.Equal(("HIT", "n=1"), (after.Header("X-Cache"), after.Body));
        Assert.Equal(1, _backend.Count("/keep"));
    }

    [Fact]
    public async Task MaxSize_EvictsTheLeastRecentlyUsed()
    {
        using var server = Start("max_size=12k");
        foreach (var target in (string[])["/big1", "/big2", "/big3"]) Assert.Equal("MISS", (await GetAsync(target)).Header("X-Cache"));
        Assert.InRange(EntryFiles().Sum(f => new FileInfo(f).Length), 1, 12 * 1024);
        Assert.Equal("HIT", (await GetAsync("/big3")).Header("X-Cache"));
        Assert.Equal("MISS", (await GetAsync("/big1")).Header("X-Cache"));
    }

    [Fact]
    public async Task Inactive_EntriesGo()
    {
        using var server = Start("inactive=1s");
        Assert.Equal("MISS", (await GetAsync("/idle")).Header("X-Cache"));
        await Task.Delay(2500); // longer than inactive: the next lookup's sweep removes it
        Assert.Equal("MISS", (await GetAsync("/other")).Header("X-Cache"));
        Assert.Equal("MISS", (await GetAsync("/idle")).Header("X-Cache"));
        Assert.Equal(2, _backend.Count("/idle"));
    }

    [Fact]
    public async Task FullDisk_StillServesTheClient_DropsTheEntryAndLogs()
    {
        // a 64k tmpfs as the zone's disk (the tests run as root, as CI does)
        var disk = Path.Combine(_cacheRoot, "cache");
        Directory.CreateDirectory(disk);
        using (var mount = ManagedProcess.Start("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk]))
            Assert.True(mount.WaitForExit(TimeSpan.FromSeconds(10)) && mount.ExitCode == 0, "mount tmpfs: " + mount.StandardError);
        try
        {
            using var server = Start();
            var first = await GetAsync("/huge");
            Assert.Equal((200, "MISS", 200_000), (first.Status, first.Header("X-Cache"), first.Body.Length));
            Assert.Contains("(28: No space left on device)", ProxyServerInstance.ReadShared(Path.Combine(_prefix, "error.log")));
            Assert.Empty(Directory.GetFiles(disk, "*", SearchOption.AllDirectories));
            Assert.Equal("MISS", (await GetAsync("/huge")).Header("X-Cache"));
            // what fits is still stored
            Assert.Equal("MISS", (await GetAsync("/small")).Header("X-Cache"));
            Assert.Equal("HIT", (await GetAsync("/small")).Header("X-Cache"));
        }
        finally
        {
            using var umount = ManagedProcess.Start("umount", [disk]);
            umount.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void CachePathThatCannotBeMade_FailsTheStartWithNginxError()
    {
        _prefix = TempDirectory.Create("cache-server-");
        File.WriteAllText(Path.Combine(_prefix, "nginx.conf"), Config().Replace($"{_cacheRoot}/cache", "/etc/passwd/cache"));
        var error = Assert.Throws<InvalidOperationException>(() => ProxyServerInstance.StartInPrefix(_prefix, "nginx.conf"));
        Assert.Contains("[emerg] mkdir() \"/etc/passwd/cache\" failed (20: Not a directory)", error.Message);
    }

    private async Task WaitForLogAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!ProxyServerInstance.ReadShared(Path.Combine(_prefix, "error.log")).Contains(text) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await Task.Delay(200);
    }
}
