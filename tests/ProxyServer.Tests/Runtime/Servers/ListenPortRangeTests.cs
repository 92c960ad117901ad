using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.NginxConf.Directives;

namespace ProxyServer.Tests.Runtime.Servers;

/// <summary>
/// <c>listen ADDRESS:FIRST-LAST</c> (http_listen.t): Debian's nginx 1.22.1 listens on every port of the range,
/// IPv4 and IPv6, and nowhere beyond it; <c>nginx -t</c>'s verdicts on bad ranges are ours.
/// </summary>
public sealed class ListenPortRangeTests
{
    private static string Config(int first) => $$"""
        server {
            listen 127.0.0.1:{{first}}-{{first + 1}};
            listen [::1]:{{first}}-{{first + 1}};
            return 200 "$server_addr:$server_port\n";
        }
        """;

    /// <summary>What a GET to <paramref name="address"/>:<paramref name="port"/> answers, its port relative to the range's first.</summary>
    private static async Task<string> AskAsync(string address, int port, int first)
    {
        try
        {
            var response = await RawHttp.SendAsync(port, RawHttp.Get("/"), address);
            return $"{response.Status} {response.Body.Replace(first.ToString(), "FIRST").Replace((first + 1).ToString(), "LAST").Trim()}";
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
    }

    private static async Task<List<string>> AskAllAsync(int first)
    {
        var results = new List<string>();
        foreach (var address in new[] { "127.0.0.1", "::1" })
            for (var port = first; port <= first + 2; port++)
                results.Add(await AskAsync(address, port, first));
        return results;
    }

    [Fact]
    public async Task PortRange_ListensOnEachPortOfIt_AsNginx()
    {
        var nginxFirst = FreePort.NextRun(3);
        var ourFirst = FreePort.NextRun(3);
        using var nginx = NginxInstance.StartHttp(Config(nginxFirst), [nginxFirst]);
        using var ours = ProxyServerInstance.StartHttp(Config(ourFirst));
        var expected = await AskAllAsync(nginxFirst);
        Assert.Equal(expected, await AskAllAsync(ourFirst));
        Assert.Equal(["200 127.0.0.1:FIRST", "200 127.0.0.1:LAST", "ConnectionRefused", "200 ::1:FIRST", "200 ::1:LAST", "ConnectionRefused"], expected);
    }

    [Theory]
    [InlineData("127.0.0.1:18182-18183")]
    [InlineData("18182-18183")]
    [InlineData("*:18182-18183")]
    [InlineData("[::1]:18182-18183")]
    [InlineData("127.0.0.1:18183-18182")]
    [InlineData("18183-18182")]
    [InlineData("[::1]:18183-18182")]
    [InlineData("127.0.0.1:18182-")]
    [InlineData("127.0.0.1:-18182")]
    [InlineData("127.0.0.1:18182-70000")]
    [InlineData("18182-70000")]
    public void PortRange_SameVerdictAsNginx(string listen) =>
        NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n  server {{\n    listen {listen};\n  }}\n}}\n");

    [Fact]
    public void PortRange_OverlappingAnotherListen_SameVerdictAsNginx() =>
        NginxOracle.AssertSameVerdict("events {}\nhttp {\n  server {\n    listen 127.0.0.1:18182-18184;\n    listen 127.0.0.1:18183;\n  }\n}\n");
}
