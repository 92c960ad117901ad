using System.Net;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Status;

/// <summary>stub_status: the same text as the real nginx after the same request sequence on fresh servers.</summary>
public sealed class StubStatusTests
{
    private const string Config = """
        server {
            listen 127.0.0.1:{{P0}};
            location = /status { stub_status; }
            location / { return 200 "ok\n"; }
        }
        """;

    [Fact]
    public async Task Status_text_after_requests_on_one_keepalive_connection_matches_nginx()
    {
        using var pair = DifferentialPair.StartHttp(Config);
        var nginx = await StatusSequenceAsync(pair.NginxPort(), 3);
        var ours = await StatusSequenceAsync(pair.OurPort(), 3);

        // The fixtures' readiness probes may have opened a connection: compare what this sequence added.
        Assert.Equal("Active connections: 1 \nserver accepts handled requests\n 0 0 4 \nReading: 0 Writing: 1 Waiting: 0 \n", nginx.Text);
        Assert.Equal(nginx.Text, ours.Text);
        Assert.Equal(nginx.ContentType, ours.ContentType);
    }

    [Fact]
    public async Task Status_counts_every_connection_and_request()
    {
        using var pair = DifferentialPair.StartHttp(Config);
        foreach (var port in new[] { pair.NginxPort(), pair.OurPort() })
        {
            var before = Counters(await StatusAfterRequestsAsync(port, 0));
            await StatusAfterRequestsAsync(port, 2);
            await StatusAfterRequestsAsync(port, 1);
            var after = Counters(await StatusAfterRequestsAsync(port, 0));
            // Three more connections, and six more requests (two statuses and the four since the first).
            Assert.Equal((3L, 3L, 6L), (after.Accepts - before.Accepts, after.Handled - before.Handled, after.Requests - before.Requests));
        }
    }

    [Fact]
    public async Task Post_is_not_allowed_as_in_nginx()
    {
        using var pair = DifferentialPair.StartHttp(Config);
        var response = await pair.AssertSameAsync("POST /status HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(405, response.Status);
    }

    /// <summary>
    /// A status read on a fresh keep-alive connection, <paramref name="requests"/> requests, then
    /// a status on the same connection: the second text with its totals line made relative to the first.
    /// </summary>
    private static async Task<(string Text, string? ContentType)> StatusSequenceAsync(int port, int requests)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var before = Counters((await client.GetStringAsync("/status"), null));
        for (var i = 0; i < requests; i++) Assert.Equal("ok\n", await client.GetStringAsync("/"));
        using var status = await client.GetAsync("/status");
        var text = await status.Content.ReadAsStringAsync();
        var after = Counters((text, null));
        var lines = text.Split('\n');
        lines[2] = $" {after.Accepts - before.Accepts} {after.Handled - before.Handled} {after.Requests - before.Requests} ";
        return (string.Join('\n', lines), status.Content.Headers.ContentType?.MediaType);
    }

    private static (long Accepts, long Handled, long Requests) Counters((string Body, string? ContentType) status)
    {
        var numbers = status.Body.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        return (numbers[0], numbers[1], numbers[2]);
    }

    private static async Task<(string Body, string? ContentType)> StatusAfterRequestsAsync(int port, int requests)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var status = await client.GetAsync("/status");
        return (await status.Content.ReadAsStringAsync(), status.Content.Headers.ContentType?.MediaType);
    }
}
