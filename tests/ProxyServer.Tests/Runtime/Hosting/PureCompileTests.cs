using System.Collections.Immutable;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.Serving;
using ProxyServer.Runtime.Model;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Hosting;

/// <summary>
/// A compile starts nothing and changes nothing in the process it compiles for: its kv sources have not
/// read their cache file, its DNS refreshers have not asked, its live groups have no group, its log files
/// do not exist on disk, and the process's cycle runs nothing. Starting is the serving process's step
/// (<see cref="DynamicWorkers.StartAsync"/>); a compile of an unchanged config finds the running source.
/// </summary>
public sealed class PureCompileTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("pure-compile-");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    private CompileResult Compile(string prefix, ProcessCycle cycle) => RuntimeCompiler.Compile(ConfigLoader.LoadText($$"""
        events {}
        error_log {{_dir}}/error.log;
        http {
            access_log {{_dir}}/access.log;
            kv_source main etcd://127.0.0.1:1 cache={{_dir}}/main.json;
            kv_map $host $backend { source main {{prefix}}; default none; }
            resolver 127.0.0.1:1 valid=30s;
            resolver_timeout 1s;
            upstream live {
                server app.test.invalid:8080 resolve;
                kv_servers main /upstreams/live/;
            }
            server {
                listen 127.0.0.1:1;
                location / { proxy_pass http://live; }
                location /b { return 200 $backend; }
            }
        }
        """, Path.Combine(_dir, "nginx.conf")), new CompileOptions { Prefix = _dir, LookUpHosts = false }, cycle);

    [Fact]
    public async Task Compile_StartsNothing_ServingStartsIt_UnchangedSourceIsReused()
    {
        KvCacheFile.Write(Path.Combine(_dir, "main.json"), "main",
            new KvSnapshot(7, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("/hosts/x.com", "10.0.0.1:80")]), false));
        await using var cycle = new ProcessCycle();

        var first = Compile("/hosts/", cycle);
        Assert.True(first.Succeeded, string.Join("\n", first.Diagnostics));
        var routing = first.Model!.Resources.Dynamic!;
        var source = Assert.Single(routing.Sources);
        Assert.Equal(0, source.Current.Revision);              // the cache file was not even read
        Assert.False(source.Ready.IsCompleted);
        Assert.Null(routing.LiveUpstreams["live"].Current);     // the group follows nothing yet
        Assert.Equal(0, cycle.Dynamic.KvSourceCount);
        Assert.Equal(0, cycle.Dynamic.PeerSetCount);
        Assert.False(File.Exists(Path.Combine(_dir, "error.log")));
        Assert.False(File.Exists(Path.Combine(_dir, "access.log")));
        Assert.Contains(first.Model.Resources.LogFiles, f => f.Path == Path.Combine(_dir, "access.log"));

        // Serving starts the source (its cache first) and the DNS refresher, then the group follows them.
        await cycle.Dynamic.StartAsync(routing);
        Assert.Equal(7, source.Current.Revision);
        Assert.Equal(1, cycle.Dynamic.KvSourceCount);
        Assert.Equal(1, cycle.Dynamic.PeerSetCount);

        // The same config compiled again gets the running source back; a changed one gets a new, unstarted one.
        var again = Compile("/hosts/", cycle);
        Assert.Same(source, Assert.Single(again.Model!.Resources.Dynamic!.Sources));
        var changed = Compile("/other/", cycle);
        var other = Assert.Single(changed.Model!.Resources.Dynamic!.Sources);
        Assert.NotSame(source, other);
        Assert.False(other.Ready.IsCompleted);
        Assert.Equal(1, cycle.Dynamic.KvSourceCount);

        // Swapping the changed model in starts its source and retires the old one.
        await cycle.Dynamic.StartAsync(changed.Model.Resources.Dynamic!);
        await cycle.Dynamic.RetireAsync(routing, changed.Model.Resources.Dynamic);
        Assert.Equal(1, cycle.Dynamic.KvSourceCount);
        Assert.True(other.Ready.IsCompleted);
    }
}
