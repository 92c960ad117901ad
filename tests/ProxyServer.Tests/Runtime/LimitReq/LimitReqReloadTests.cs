using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.LimitReq;

/// <summary>
/// A <c>limit_req_zone</c> is the process's, not the config's: a reload that keeps its name and size keeps every
/// key's bucket (nginx reuses the shared memory), one that changes its size starts empty, and one that binds it
/// to another key is refused with nginx's message while the running config keeps serving.
/// </summary>
public sealed class LimitReqReloadTests
{
    private static string Config(int port, string version, string zone = "zone=one:1m rate=1r/m", string key = "$arg_k") => $$"""
        limit_req_zone {{key}} {{zone}};
        server {
            listen 127.0.0.1:{{port}};
            location /limited { limit_req zone=one; alias /etc/hostname; }
            location /version { return 200 "{{version}}"; }
        }
        """;

    private static void Reload(ProxyServerInstance proxy, string httpBody)
    {
        var config = File.ReadAllText(proxy.ConfigPath);
        var http = config.IndexOf("http {", StringComparison.Ordinal);
        File.WriteAllText(proxy.ConfigPath, config[..http] + TestServerConfig.Http(httpBody));
        proxy.Process.Signal("HUP");
    }

    private static async Task WaitForVersionAsync(int port, string version)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await RawHttp.SendAsync(port, RawHttp.Get("/version"))).Body == version) return;
            await Task.Delay(100);
        }
        Assert.Fail($"the reload to {version} did not take effect");
    }

    private static async Task<int> StatusAsync(int port, string key) => (await RawHttp.SendAsync(port, RawHttp.Get($"/limited?k={key}"))).Status;

    [Fact]
    public async Task Reload_KeepsAnUnchangedZone_EmptiesAResizedOne_RefusesAnotherKey()
    {
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp(Config(port, "v1"));
        Assert.Equal(200, await StatusAsync(port, "a"));
        Assert.Equal(503, await StatusAsync(port, "a"));

        Reload(proxy, Config(port, "v2"));
        await WaitForVersionAsync(port, "v2");
        Assert.Equal(503, await StatusAsync(port, "a"));

        Reload(proxy, Config(port, "v3", key: "$arg_other"));
        for (var i = 0; i < 100 && !proxy.ErrorLog.Contains("while previously it used"); i++) await Task.Delay(100);
        Assert.Contains("limit_req \"one\" uses the \"$arg_other\" key while previously it used the \"$arg_k\" key", proxy.ErrorLog);
        Assert.Equal("v2", (await RawHttp.SendAsync(port, RawHttp.Get("/version"))).Body);
        Assert.Equal(503, await StatusAsync(port, "a"));

        Reload(proxy, Config(port, "v4", zone: "zone=one:2m rate=1r/m"));
        await WaitForVersionAsync(port, "v4");
        Assert.Equal(200, await StatusAsync(port, "a"));
    }
}
