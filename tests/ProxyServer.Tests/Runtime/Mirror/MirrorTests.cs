using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Mirror;

/// <summary>
/// <c>mirror</c> and <c>mirror_request_body</c> against the real nginx: each side proxies to its own recording
/// backends (the main one and the mirror one), and the tests compare what each backend received (method, URI,
/// the headers that matter, body) and what the client got. The client's response never waits for a mirror's
/// answer, and a mirror that fails never touches it.
/// </summary>
public sealed class MirrorTests(MirrorTests.Servers servers) : IClassFixture<MirrorTests.Servers>
{
    /// <summary>One server under test with its two backends.</summary>
    public sealed class Side(int port, RecordingHttpServer main, RecordingHttpServer mirror, IDisposable server) : IDisposable
    {
        public int Port => port;
        public RecordingHttpServer Main => main;
        public RecordingHttpServer Mirror => mirror;

        public void Dispose()
        {
            server.Dispose();
            main.Dispose();
            mirror.Dispose();
        }
    }

    public sealed class Servers : IDisposable
    {
        public string Root { get; } = TempDirectory.Create("mirror-");
        public Side Nginx { get; }
        public Side Ours { get; }

        public Servers()
        {
            File.WriteAllText(Path.Combine(Root, "page.txt"), "PAGE\n");
            Nginx = Start((config, port) => NginxInstance.StartHttp(config, port));
            try
            {
                Ours = Start((config, _) => ProxyServerInstance.StartHttp(config));
            }
            catch
            {
                Nginx.Dispose();
                throw;
            }
        }

        private Side Start(Func<string, int, IDisposable> start)
        {
            var main = new RecordingHttpServer();
            var mirror = new RecordingHttpServer();
            var port = FreePort.Next();
            var config = $$"""
                server {
                    listen 127.0.0.1:{{port}};
                    location / { mirror /mirror; proxy_pass http://127.0.0.1:{{main.Port}}; }
                    location /many { mirror /mirror/1; mirror /mirror/2; proxy_pass http://127.0.0.1:{{main.Port}}; }
                    location /no-body { mirror /mirror-no-body; mirror_request_body off; proxy_pass http://127.0.0.1:{{main.Port}}; }
                    location /static { mirror /mirror; alias {{Root}}/page.txt; }
                    location /returned { mirror /mirror; return 200 "main $request_method\n"; }
                    location /down { mirror /mirror-down; return 200 "main\n"; }
                    location /error { mirror /mirror-error; return 200 "main\n"; }
                    location /closed { mirror /mirror-closed; return 200 "main\n"; }
                    location /outer { mirror /mirror; location /outer/off { mirror off; return 200 "off\n"; } return 200 "on\n"; }
                    location /mirror {
                        internal;
                        proxy_pass http://127.0.0.1:{{mirror.Port}};
                        proxy_set_header X-Mirror "$request_method $uri [$args] $request_uri";
                        proxy_set_header X-Body "[$request_body]";
                    }
                    location = /mirror-no-body {
                        internal;
                        proxy_pass http://127.0.0.1:{{mirror.Port}};
                        proxy_set_header Content-Length "";
                        proxy_set_header X-Body "[$request_body]";
                    }
                    location = /mirror-down { internal; proxy_pass http://127.0.0.1:1; }
                    location = /mirror-error { internal; return 500; }
                    location = /mirror-closed { internal; return 444; }
                }
                """;
            return new Side(port, main, mirror, start(config, port));
        }

        public void Dispose()
        {
            Ours.Dispose();
            Nginx.Dispose();
            TempDirectory.TryDelete(Root);
        }
    }

    private static string Request(string method, string target, string body, string extra = "") =>
        $"{method} {target} HTTP/1.0\r\nHost: localhost\r\nX-Test: carried\r\n{extra}" +
        (body.Length > 0 ? $"Content-Length: {body.Length}\r\n" : "") + "\r\n" + body;

    /// <summary>
    /// What a backend received, without what differs by side (ports, Host, the order of header lines; the
    /// <c>Content-Length: 0</c> .NET writes on a POST without a body, a difference the README lists).
    /// </summary>
    private static string Received(string raw, Side side)
    {
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = raw[..split].Split("\r\n");
        var kept = lines.Skip(1)
            .Where(l => l.Split(':')[0].Trim().ToLowerInvariant() is "x-mirror" or "x-body" or "x-test" or "content-length" or "transfer-encoding")
            .Where(l => !l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase);
        return string.Join("\n", [lines[0], .. kept, "", raw[(split + 4)..]]).Replace(side.Port.ToString(), "PORT");
    }

    /// <summary>Sends the request to one side; returns the client's response and what the mirror and main backends received.</summary>
    private static async Task<(string Response, string Mirrored, string Proxied)> SendAsync(Side side, string request, int mirrors, bool proxied)
    {
        var mirrorBefore = side.Mirror.Requests.Count;
        var mainBefore = side.Main.Requests.Count;
        var response = await RawHttp.SendAsync(side.Port, request);
        // Proxied mirrors go out on connections of their own: the order they arrive in is not defined, on either side.
        var mirrored = (await side.Mirror.WaitForAsync(mirrorBefore + mirrors)).Skip(mirrorBefore).Select(r => Received(r, side)).Order(StringComparer.Ordinal);
        var main = proxied ? (await side.Main.WaitForAsync(mainBefore + 1)).Skip(mainBefore).Select(r => Received(r, side)) : [];
        return ($"{response.Status}\n{response.Body}", string.Join("\n----\n", mirrored), string.Join("\n----\n", main));
    }

    [Theory]
    [InlineData("GET", "/a/b?x=1&y=2", "", 1, true)]
    [InlineData("POST", "/post?z", "0123456789", 1, true)]
    [InlineData("PUT", "/put", "payload", 1, true)]
    [InlineData("HEAD", "/head", "", 1, true)]
    [InlineData("POST", "/many?m=1", "body-for-two", 2, true)]
    [InlineData("POST", "/no-body?nb", "unsent-body", 1, true)]
    [InlineData("GET", "/static?s=1", "", 1, false)]
    // return answers in the rewrite phase, before mirror's (precontent): nothing is mirrored, as in nginx.
    [InlineData("DELETE", "/returned", "", 0, false)]
    [InlineData("GET", "/outer/x?o", "", 0, false)]
    public async Task Mirror_SendsWhatNginxSends(string method, string target, string body, int mirrors, bool proxied)
    {
        var request = Request(method, target, body);
        var nginx = await SendAsync(servers.Nginx, request, mirrors, proxied);
        var ours = await SendAsync(servers.Ours, request, mirrors, proxied);
        Assert.Equal(nginx.Response, ours.Response);
        Assert.Equal(nginx.Mirrored, ours.Mirrored);
        Assert.Equal(nginx.Proxied, ours.Proxied);
        Assert.Equal(mirrors > 0, ours.Mirrored.Length > 0);
    }

    [Fact]
    public async Task MirrorOff_SendsNothing()
    {
        var before = servers.Ours.Mirror.Requests.Count;
        var nginx = await RawHttp.SendAsync(servers.Nginx.Port, Request("GET", "/outer/off", ""));
        var ours = await RawHttp.SendAsync(servers.Ours.Port, Request("GET", "/outer/off", ""));
        Assert.Equal($"{nginx.Status} {nginx.Body}", $"{ours.Status} {ours.Body}");
        // A mirror that was sent would have arrived before the client's request ended (it waits for its mirrors).
        Assert.Equal(before, servers.Ours.Mirror.Requests.Count);
    }

    [Theory]
    [InlineData("/down")]
    [InlineData("/error")]
    [InlineData("/closed")]
    public async Task FailingMirror_DoesNotTouchTheClientsResponse(string target)
    {
        var nginx = await RawHttp.SendAsync(servers.Nginx.Port, Request("GET", target, ""));
        var ours = await RawHttp.SendAsync(servers.Ours.Port, Request("GET", target, ""));
        Assert.Equal($"{nginx.Status}\n{nginx.Body}", $"{ours.Status}\n{ours.Body}");
    }

    /// <summary>
    /// The mirror backend holds its answer back: the client still gets its whole response (nginx sends it, then
    /// keeps the connection until the mirror is done), on both sides.
    /// </summary>
    [Fact]
    public async Task ClientsResponse_DoesNotWaitForTheMirrorsAnswer()
    {
        foreach (var side in new[] { servers.Nginx, servers.Ours })
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            side.Mirror.Gate = gate;
            try
            {
                var before = side.Mirror.Requests.Count;
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", side.Port);
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes(Request("POST", "/held", "0123456789")));
                var response = await ReadOneResponseAsync(stream);
                Assert.Contains("recorded\n", response);
                Assert.StartsWith("HTTP/1.1 200", response);
                // The mirror is still waiting for its backend's answer when the client has its response.
                Assert.Equal(before + 1, (await side.Mirror.WaitForAsync(before + 1)).Count);
                Assert.False(gate.Task.IsCompleted);
            }
            finally
            {
                gate.TrySetResult();
            }
        }
    }

    /// <summary>Reads a response head and its Content-Length body, not waiting for the connection to close.</summary>
    private static async Task<string> ReadOneResponseAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var text = Encoding.Latin1.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = text[..end].Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(p => int.Parse(p[1].Trim())).FirstOrDefault();
                if (received.Count >= end + 4 + length) return text;
            }
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) return text;
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }
}
