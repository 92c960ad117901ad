using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Status;

/// <summary>
/// The dashboard in a real headless browser (Debian's chromium): the page loads, polls the status API and
/// shows the peers of a running config; a backend stopped mid-test turns red once health checks see it.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [GeneratedRegex("<tr class=\"peer (?<state>[a-z]+)\" data-peer=\"(?<peer>[^\"]+)\" data-colour=\"(?<colour>[a-z]+)\">")]
    private static partial Regex PeerRow();

    private static Dictionary<string, (string State, string Colour)> Rows(string dom) =>
        PeerRow().Matches(dom).ToDictionary(m => m.Groups["peer"].Value, m => (m.Groups["state"].Value, m.Groups["colour"].Value));

    [Fact]
    public async Task Shows_the_peers_and_a_stopped_backend_turns_red()
    {
        var (portA, portB, port) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        using var a = NginxInstance.StartHttp($$"""server { listen 127.0.0.1:{{portA}}; location / { return 200 "a\n"; } }""", portA);
        using var b = NginxInstance.StartHttp($$"""server { listen 127.0.0.1:{{portB}}; location / { return 200 "b\n"; } }""", portB);
        using var proxy = ProxyServerInstance.StartHttp($$"""
            upstream app {
                zone app 64k;
                server 127.0.0.1:{{portA}};
                server 127.0.0.1:{{portB}};
            }
            server {
                listen 127.0.0.1:{{port}};
                server_name front;
                location / { proxy_pass http://app; health_check interval=200ms; }
                location = /status/api { status_api; }
                location = /status/ { status_dashboard; }
            }
            """);
        var page = $"http://127.0.0.1:{port}/status/";

        using (var client = new HttpClient()) Assert.Equal("a\n", await client.GetStringAsync($"http://127.0.0.1:{port}/"));
        var dom = HeadlessChromium.DumpDom(page, TimeSpan.FromSeconds(2));
        var rows = Rows(dom);
        Assert.Equal(("up", "green"), rows[$"127.0.0.1:{portA}"]);
        // The zones table: the server zone and the location that served the request (and the browser's favicon.ico).
        Assert.Contains("<tr class=\"zone\" data-zone=\"front\">", dom);
        Assert.Contains("<tr class=\"location\" data-zone=\"/\"><td>/</td>", dom);
        Assert.Equal(("up", "green"), rows[$"127.0.0.1:{portB}"]);

        b.Dispose(); // stopped mid-test (disposing again at the end is harmless)
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        do
        {
            rows = Rows(HeadlessChromium.DumpDom(page, TimeSpan.FromSeconds(2)));
        } while (rows[$"127.0.0.1:{portB}"].State == "up" && DateTime.UtcNow < deadline);
        Assert.Equal(("unhealthy", "red"), rows[$"127.0.0.1:{portB}"]);
        Assert.Equal(("up", "green"), rows[$"127.0.0.1:{portA}"]);

        var png = Path.Combine(proxy.Prefix, "dashboard.png");
        HeadlessChromium.Screenshot(page, png, TimeSpan.FromSeconds(3));
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }
}
