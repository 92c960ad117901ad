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

    private const string StatesConfig = """
        server {
            listen 127.0.0.1:{{P0}};
            location = /status { stub_status; }
            location /rate { limit_rate 1; alias /nonexistent; }
        }
        """;

    /// <summary>
    /// stub_status.t's states: a connection that sent nothing is Waiting, one whose head has begun is Reading, one
    /// whose 404 page is paced out a byte a second is Writing, and once its client closes it counts no more (nginx sees the close
    /// while it waits). Each step waits, within a generous deadline, for the state nginx shows at once.
    /// </summary>
    [Fact]
    public async Task Idle_reading_and_writing_connections_are_counted_as_in_nginx()
    {
        using var pair = DifferentialPair.StartHttp(StatesConfig);
        var nginx = await StatesAsync(pair.NginxPort());
        var ours = await StatesAsync(pair.OurPort());
        Assert.Equal([
            "Active connections: 2 | Reading: 0 Writing: 1 Waiting: 1",
            "Active connections: 2 | Reading: 1 Writing: 1 Waiting: 0",
            "Active connections: 2 | Reading: 0 Writing: 2 Waiting: 0",
            "Active connections: 1 | Reading: 0 Writing: 1 Waiting: 0",
        ], nginx);
        Assert.Equal(nginx, ours);
    }

    private static async Task<List<string>> StatesAsync(int port)
    {
        var states = new List<string>();
        using (var held = new System.Net.Sockets.TcpClient())
        {
            await held.ConnectAsync("127.0.0.1", port);
            var stream = held.GetStream();
            states.Add(await StateWhenAsync(port, "Active connections: 2 | Reading: 0 Writing: 1 Waiting: 1"));
            await stream.WriteAsync("GET /rate HTTP/1.0\r\n"u8.ToArray());
            states.Add(await StateWhenAsync(port, "Active connections: 2 | Reading: 1 Writing: 1 Waiting: 0"));
            await stream.WriteAsync("Host: localhost\r\n\r\n"u8.ToArray());
            states.Add(await StateWhenAsync(port, "Active connections: 2 | Reading: 0 Writing: 2 Waiting: 0"));
        }
        states.Add(await StateWhenAsync(port, "Active connections: 1 | Reading: 0 Writing: 1 Waiting: 0"));
        return states;
    }

    /// <summary>The status's connection lines, asked for again until they are <paramref name="expected"/> or 20 s passed.</summary>
    private static async Task<string> StateWhenAsync(int port, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var response = await RawHttp.SendAsync(port, RawHttp.Get("/status"));
            var lines = response.Body.Split('\n');
            var state = $"{lines[0].Trim()} | {lines[3].Trim()}";
            if (state == expected || DateTime.UtcNow > deadline) return state;
            await Task.Delay(50);
        }
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
