using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Samples;

/// <summary>
/// samples/dynamic/ runs as docs/migrating-from-traefik-caddy.md says: etcd-routing.conf against a real
/// etcd seeded by seed-etcd.sh routes a host to its group's peers, sends an unknown host to the fallback,
/// and routes a host added in etcd afterwards without a reload. Only the ports are changed (free ones in
/// place of 8080, 8091, 8092, 8099 and etcd's 2379) and the cache file is put in the test's prefix.
/// </summary>
public sealed class DynamicSamplesTests
{
    private static string SampleDir => RepositoryRoot.Combine("samples", "dynamic");

    [Fact]
    public async Task EtcdRouting_SeededByItsScript_RoutesHosts_AndFollowsEtcd()
    {
        using var etcd = EtcdInstance.Start();
        var (seeded, seedOut) = RunSeed(etcd.Endpoint);
        Assert.True(seeded == 0, seedOut);

        int listen = FreePort.Next(), peer1 = FreePort.Next(), peer2 = FreePort.Next(), fallback = FreePort.Next();
        var prefix = TempDirectory.Create("dynamic-sample-");
        var config = File.ReadAllText(Path.Combine(SampleDir, "etcd-routing.conf"))
            .Replace("127.0.0.1:2379", etcd.Endpoint)
            .Replace("/tmp/proxyserver-etcd-routing.json", Path.Combine(prefix, "kv-cache.json"))
            .Replace("127.0.0.1:8080", $"127.0.0.1:{listen}")
            .Replace("127.0.0.1:8091", $"127.0.0.1:{peer1}")
            .Replace("127.0.0.1:8092", $"127.0.0.1:{peer2}")
            .Replace("127.0.0.1:8099", $"127.0.0.1:{fallback}");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n{config}");
        // seed-etcd.sh wrote the peers on the sample's ports; the test's own ports replace them
        etcd.Put("/proxy/upstreams/app/peer1", $"127.0.0.1:{peer1}");
        etcd.Put("/proxy/upstreams/app/peer2", $"127.0.0.1:{peer2} weight=2");
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf");
        FreePort.WaitUntilListening(listen, TimeSpan.FromSeconds(60));

        Assert.Matches("^app peer [12]\n$", await GetUntil(listen, "app.example.com", body => body.StartsWith("app peer", StringComparison.Ordinal)));
        Assert.Equal("no route for other.example.com\n", await Get(listen, "other.example.com"));

        etcd.Put("/proxy/hosts/other.example.com", "app");
        Assert.StartsWith("app peer", await GetUntil(listen, "other.example.com", body => body.StartsWith("app peer", StringComparison.Ordinal)));
    }

    private static (int ExitCode, string Output) RunSeed(string endpoint)
    {
        using var process = ManagedProcess.Start("sh", [Path.Combine(SampleDir, "seed-etcd.sh")],
            environment: new Dictionary<string, string> { ["ETCD_ENDPOINT"] = endpoint });
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "seed-etcd.sh did not finish");
        return (process.ExitCode, process.StandardOutput + process.StandardError);
    }

    private static async Task<string> Get(int port, string host) =>
        (await Curl.RunAsync(["-s", "--max-time", "30", "-H", $"Host: {host}", $"http://127.0.0.1:{port}/"])).Output;

    /// <summary>Asks until the answer satisfies <paramref name="done"/> (etcd's events arrive when they arrive), at most 60 s.</summary>
    private static async Task<string> GetUntil(int port, string host, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var body = await Get(port, host);
            if (done(body) || DateTime.UtcNow > deadline) return body;
            await Task.Delay(100);
        }
    }
}
