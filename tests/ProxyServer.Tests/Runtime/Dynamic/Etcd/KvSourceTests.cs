using ProxyServer.NginxConf.Directives.Values;
using System.Diagnostics;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvMap;
using ProxyServer.Runtime.Dynamic.KvServers;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Etcd;

/// <summary>A kv_source against a real etcd that stays up for the whole class.</summary>
public class KvSourceTests(SharedEtcd shared) : IClassFixture<SharedEtcd>
{
    internal static readonly KvSourceOptions Fast = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(2),
        ProgressInterval = TimeSpan.FromMilliseconds(500),
        StallTimeout = TimeSpan.FromSeconds(3),
        MinimumRetryDelay = TimeSpan.FromMilliseconds(50),
        MaximumRetryDelay = TimeSpan.FromMilliseconds(500),
    };

    private readonly EtcdInstance _etcd = shared.Etcd;
    private readonly string _root = $"/test/{Guid.NewGuid():N}/";

    private KvMapDefinition HostsMap() => new("$host", "$backend", "main", _root + "hosts/", Hostnames: true, Default: "maintenance");

    private KvSource Source(string? cache = null, RecordingLogger? logger = null, params KvWatchedPrefix[] prefixes) =>
        new(new KvSourceSettings("main", [_etcd.Endpoint], cache), prefixes.Length > 0 ? prefixes : [HostsMap().Watch()], logger ?? new RecordingLogger(), Fast);

    [Fact]
    public async Task Start_ReadsPrefixAtOneRevision_AndWritesCache()
    {
        _etcd.Put(_root + "hosts/user_01.jira.com", "127.0.0.11:8080");
        _etcd.Put(_root + "hosts/user_02.jira.com", "127.0.0.12:8080");
        _etcd.Put(_root + "elsewhere", "x");
        var revision = _etcd.Revision();
        var cache = Path.Combine(TempDirectory.Create("kv-cache-"), "main.json");
        var logger = new RecordingLogger();
        await using var source = Source(cache, logger);

        source.Start();
        Assert.True(await Eventually.Holds(() => source.Ready.IsCompleted, TimeSpan.FromSeconds(10)), string.Join('\n', logger.Lines));

        Assert.Equal(2, source.Current.Entries.Count);
        Assert.True(source.Current.Revision >= revision);
        Assert.Equal("127.0.0.12:8080", KvMapLookup.Lookup(HostsMap(), source.Current, "user_02.jira.com"));
        Assert.Equal(source.Current.Entries, KvCacheFile.Read(cache)!.Entries);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(cache)!, "*.tmp"));
    }

    [Fact]
    public async Task Put_VisibleWithinOneSecond_Delete_GivesDefault()
    {
        var map = HostsMap();
        await using var source = Source();
        var changes = 0;
        source.Changed += _ => Interlocked.Increment(ref changes);
        source.Start();
        await source.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually.Holds(() => source.Status.Connected, TimeSpan.FromSeconds(5)));

        var clock = Stopwatch.StartNew();
        _etcd.Put(_root + "hosts/new.jira.com", "127.0.0.15:8080");
        var seen = await Eventually.Holds(() => KvMapLookup.Lookup(map, source.Current, "new.jira.com") == "127.0.0.15:8080", TimeSpan.FromSeconds(5));
        Assert.True(seen && clock.Elapsed < TimeSpan.FromSeconds(1), $"seen={seen} after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(_etcd.Revision(), source.Current.Revision);

        _etcd.Delete(_root + "hosts/new.jira.com");
        Assert.True(await Eventually.Holds(() => KvMapLookup.Lookup(map, source.Current, "new.jira.com") == "maintenance", TimeSpan.FromSeconds(1)));
        Assert.True(changes >= 3);
        Assert.NotNull(source.Status.AgeOfLastEvent(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task BadValue_Refused_PreviousValueKept()
    {
        var logger = new RecordingLogger();
        var map = HostsMap();
        await using var source = Source(logger: logger);
        source.Start();
        await source.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually.Holds(() => source.Status.Connected, TimeSpan.FromSeconds(5)));
        _etcd.Put(_root + "hosts/a.jira.com", "127.0.0.11:8080");
        Assert.True(await Eventually.Holds(() => source.Current.Get(_root + "hosts/a.jira.com") is not null, TimeSpan.FromSeconds(2)));

        _etcd.Put(_root + "hosts/a.jira.com", "127.0.0.12:8080\r\nX-Injected: 1");
        _etcd.Put(_root + "hosts/a.jira.com", "not an address");
        _etcd.Put(_root + "hosts/a.jira.com", new string('a', 2000));
        _etcd.Put(_root + "hosts/b.jira.com", "http://nope/");
        _etcd.Put(_root + "hosts/marker", "done");
        Assert.True(await Eventually.Holds(() => source.Current.Get(_root + "hosts/marker") is not null, TimeSpan.FromSeconds(2)));

        Assert.Equal("127.0.0.11:8080", KvMapLookup.Lookup(map, source.Current, "a.jira.com"));
        Assert.Null(source.Current.Get(_root + "hosts/b.jira.com"));
        Assert.True(logger.Contains($"refused value of \"{_root}hosts/a.jira.com\""));
        Assert.True(logger.Contains("value contains CR or LF; keeping the previous value"));
        Assert.True(logger.Contains("value is not an address or upstream name; keeping the previous value"));
        Assert.True(logger.Contains("value is longer than 1024 characters"));
        Assert.True(logger.Contains("; key ignored"));
    }

    [Fact]
    public async Task TwoSources_OneEtcd_ConvergeOnSameRevision()
    {
        var servers = new KvServersDefinition("main", _root + "upstreams/wordpress/");
        await using var first = Source(prefixes: [HostsMap().Watch(), servers.Watch()]);
        await using var second = Source(prefixes: [HostsMap().Watch(), servers.Watch()]);
        first.Start();
        second.Start();
        await Task.WhenAll(first.Ready, second.Ready).WaitAsync(TimeSpan.FromSeconds(10));

        for (var i = 1; i <= 5; i++) _etcd.Put(_root + $"upstreams/wordpress/host_0{i}", $"127.0.0.2{i}:8080 weight={i}");
        _etcd.Put(_root + "hosts/x.jira.com", "wordpress");
        var revision = _etcd.Revision();

        Assert.True(await Eventually.Holds(() => first.Current.Revision == revision && second.Current.Revision == revision, TimeSpan.FromSeconds(3)),
            $"etcd {revision}, first {first.Current.Revision}, second {second.Current.Revision}");
        Assert.Equal(first.Current.Entries, second.Current.Entries);
        Assert.Equal(5, servers.ServersIn(first.Current).Length);
    }
}
