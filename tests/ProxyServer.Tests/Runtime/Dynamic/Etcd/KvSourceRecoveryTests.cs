using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvMap;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Etcd;

/// <summary>A kv_source while its etcd is killed, restarted, compacted, or not there yet (one etcd per test).</summary>
public class KvSourceRecoveryTests
{
    private static readonly KvMapDefinition Map = new("$host", "$backend", "main", "/proxy/hosts/", Hostnames: false, Default: "maintenance");

    private static KvSource Source(EtcdInstance etcd, string? cache, RecordingLogger logger) =>
        new(new KvSourceSettings("main", [etcd.Endpoint], cache), [Map.Watch()], logger, KvSourceTests.Fast);

    private static string Route(KvSource source, string host) => KvMapLookup.Lookup(Map, source.Current, host)!;

    [Fact]
    public async Task EtcdKilled_ChangedAndCompactedWhileAway_ResumesWithDifference()
    {
        using var etcd = EtcdInstance.Start();
        etcd.Put("/proxy/hosts/kept.com", "127.0.0.11:8080");
        etcd.Put("/proxy/hosts/changed.com", "127.0.0.12:8080");
        etcd.Put("/proxy/hosts/deleted.com", "127.0.0.13:8080");
        var logger = new RecordingLogger();
        await using var source = Source(etcd, null, logger);
        source.Start();
        await source.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually.Holds(() => source.Status.Connected, TimeSpan.FromSeconds(5)));

        etcd.Kill();
        Assert.True(await Eventually.Holds(() => !source.Status.Connected, TimeSpan.FromSeconds(5)));
        Assert.Equal("127.0.0.13:8080", Route(source, "deleted.com")); // the last snapshot keeps serving

        // Change and compact the store where the source cannot see it, so it must find the compaction itself.
        var usualPort = etcd.ClientPort;
        etcd.RestartOnPort(FreePort.Next());
        etcd.Put("/proxy/hosts/changed.com", "127.0.0.22:8080");
        etcd.Delete("/proxy/hosts/deleted.com");
        etcd.Put("/proxy/hosts/added.com", "127.0.0.24:8080");
        var compacted = etcd.Compact();
        etcd.Kill();
        etcd.RestartOnPort(usualPort);

        Assert.True(await Eventually.Holds(() => source.Current.Revision >= compacted && source.Status.Connected, TimeSpan.FromSeconds(10)),
            string.Join('\n', logger.Lines));
        Assert.Equal("127.0.0.11:8080", Route(source, "kept.com"));
        Assert.Equal("127.0.0.22:8080", Route(source, "changed.com"));
        Assert.Equal("maintenance", Route(source, "deleted.com"));
        Assert.Equal("127.0.0.24:8080", Route(source, "added.com"));
        Assert.True(logger.Contains("was compacted"), string.Join('\n', logger.Lines));

        // And the watch is live again.
        etcd.Put("/proxy/hosts/after.com", "127.0.0.25:8080");
        Assert.True(await Eventually.Holds(() => Route(source, "after.com") == "127.0.0.25:8080", TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task EtcdRestarted_NoCompaction_ResumesFromLastRevisionWithoutRereading()
    {
        using var etcd = EtcdInstance.Start();
        var logger = new RecordingLogger();
        await using var source = Source(etcd, null, logger);
        source.Start();
        await source.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually.Holds(() => source.Status.Connected, TimeSpan.FromSeconds(5)));

        etcd.Kill();
        etcd.Restart();
        etcd.Put("/proxy/hosts/a.com", "127.0.0.31:8080");

        Assert.True(await Eventually.Holds(() => Route(source, "a.com") == "127.0.0.31:8080", TimeSpan.FromSeconds(5)), string.Join('\n', logger.Lines));
        Assert.Single(logger.Lines, line => line.Contains("keys at revision"));
    }

    [Fact]
    public async Task StartedWhileEtcdDown_ServesCache_ThenCatchesUp()
    {
        using var etcd = EtcdInstance.Start();
        etcd.Put("/proxy/hosts/a.com", "127.0.0.41:8080");
        var cache = Path.Combine(TempDirectory.Create("kv-cache-"), "main.json");
        await using (var first = Source(etcd, cache, new RecordingLogger()))
        {
            first.Start();
            await first.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        }
        etcd.Kill();

        var logger = new RecordingLogger();
        await using var second = Source(etcd, cache, logger);
        second.Start();
        await second.Ready.WaitAsync(TimeSpan.FromSeconds(1));
        Assert.True(second.Current.FromCache);
        Assert.Equal("127.0.0.41:8080", Route(second, "a.com"));
        await Task.Delay(300);
        Assert.False(second.Status.Connected);
        Assert.True(second.Status.ServingCache);
        Assert.Equal("127.0.0.41:8080", Route(second, "a.com"));

        var usualPort = etcd.ClientPort;
        etcd.RestartOnPort(FreePort.Next());
        etcd.Put("/proxy/hosts/a.com", "127.0.0.42:8080");
        etcd.Kill();
        etcd.RestartOnPort(usualPort);
        Assert.True(await Eventually.Holds(() => Route(second, "a.com") == "127.0.0.42:8080" && second.Status.Connected, TimeSpan.FromSeconds(10)),
            string.Join('\n', logger.Lines));
        Assert.False(second.Current.FromCache);
        Assert.True(logger.Contains("serving cached revision"));
    }

    [Fact]
    public async Task EtcdHangs_WatchDeclaredStalled_ThenRecovers()
    {
        using var etcd = EtcdInstance.Start();
        var logger = new RecordingLogger();
        await using var source = Source(etcd, null, logger);
        source.Start();
        await source.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually.Holds(() => source.Status.Connected, TimeSpan.FromSeconds(5)));

        etcd.Pause();
        try
        {
            Assert.True(await Eventually.Holds(() => !source.Status.Connected, TimeSpan.FromSeconds(8)), string.Join('\n', logger.Lines));
            Assert.Contains("watch stalled", source.Status.LastError);
        }
        finally
        {
            etcd.Resume();
        }
        etcd.Put("/proxy/hosts/b.com", "127.0.0.51:8080");
        Assert.True(await Eventually.Holds(() => Route(source, "b.com") == "127.0.0.51:8080", TimeSpan.FromSeconds(8)), string.Join('\n', logger.Lines));
    }
}
