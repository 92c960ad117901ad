using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Memcached;

/// <summary>
/// memcached_pass to Debian's memcached (two instances, started here on free loopback ports) and to a hand-written
/// peer that answers badly, through Debian's nginx and through us: the same status, body, type, length and
/// Content-Encoding for a hit, a miss (the server's own 404, or error_page's), a method other than GET/HEAD, an
/// escaped key, a gzip flag, an unset key, a peer that is down, a miss retried on the next peer
/// (<c>memcached_next_upstream not_found</c>), and nginx's error lines for an invalid answer.
/// </summary>
public sealed class MemcachedDifferentialTests(MemcachedDifferentialTests.Servers servers) : IClassFixture<MemcachedDifferentialTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        private readonly ManagedProcess _first;
        private readonly ManagedProcess _second;

        public Servers()
        {
            var first = FreePort.Next();
            var second = FreePort.Next();
            _first = Start(first);
            _second = Start(second);
            FreePort.WaitUntilListening(first, TimeSpan.FromSeconds(20));
            FreePort.WaitUntilListening(second, TimeSpan.FromSeconds(20));
            Set(first, "/hit.html", 0, "<p>from memcached</p>\n");
            Set(first, "/plain", 0, "plain value");
            Set(first, "/gz", 2, "pretend gzip");
            Set(first, "/flags", 5, "other flags");
            Set(first, "a%20key%25", 0, "escaped key\n");
            Set(second, "/second", 0, "only on the second\n");
            Bad = new BadMemcached();
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                upstream both { server 127.0.0.1:{{first}}; server 127.0.0.1:{{second}}; }
                server {
                    listen 127.0.0.1:{{P0}};
                    location / {
                        set $memcached_key $uri;
                        memcached_pass 127.0.0.1:{{first}};
                    }
                    location /fallback/ {
                        set $memcached_key $uri;
                        memcached_pass 127.0.0.1:{{first}};
                        error_page 404 = /fell-back;
                    }
                    location = /fell-back { return 200 "fell back, upstream said $upstream_status\n"; }
                    location = /gz {
                        set $memcached_key $uri;
                        memcached_gzip_flag 2;
                        memcached_pass 127.0.0.1:{{first}};
                    }
                    location = /flags {
                        set $memcached_key $uri;
                        memcached_gzip_flag 2;
                        memcached_pass 127.0.0.1:{{first}};
                    }
                    location = /escaped {
                        set $memcached_key "a key%";
                        memcached_pass 127.0.0.1:{{first}};
                    }
                    location = /unset {
                        set $memcached_key "";
                        memcached_pass 127.0.0.1:{{first}};
                    }
                    location = /second {
                        set $memcached_key $uri;
                        memcached_next_upstream not_found;
                        memcached_pass both;
                        add_header X-Upstream-Status $upstream_status always;
                    }
                    location = /down {
                        set $memcached_key $uri;
                        memcached_pass 127.0.0.1:1;
                    }
                    location /bad/ {
                        set $memcached_key $uri;
                        memcached_pass 127.0.0.1:{{Bad.Port}};
                    }
                }
                """);
        }

        public DifferentialPair Pair { get; }
        public BadMemcached Bad { get; }

        private static ManagedProcess Start(int port) =>
            ManagedProcess.Start("/usr/bin/memcached", ["-l", "127.0.0.1", "-p", port.ToString(), "-U", "0", "-u", "nobody", "-m", "8"]);

        /// <summary>Stores a value with the text protocol's <c>set</c>.</summary>
        private static void Set(int port, string key, int flags, string value)
        {
            using var client = new TcpClient("127.0.0.1", port);
            var stream = client.GetStream();
            var bytes = Encoding.ASCII.GetBytes($"set {key} {flags} 0 {Encoding.ASCII.GetByteCount(value)}\r\n{value}\r\n");
            stream.Write(bytes);
            var answer = new byte[64];
            var read = stream.Read(answer);
            Assert.StartsWith("STORED", Encoding.ASCII.GetString(answer, 0, read));
        }

        public void Dispose()
        {
            Pair.Dispose();
            Bad.Dispose();
            _first.Dispose();
            _second.Dispose();
        }
    }

    /// <summary>A peer answering each <c>get</c> by its key: a line that is no answer, a wrong key, a bad length, a value whose trailer is wrong.</summary>
    public sealed class BadMemcached : LoopbackTcpBackend
    {
        protected override async Task ServeAsync(NetworkStream stream, int connection)
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (!line.ToString().EndsWith("\r\n"))
            {
                if (await stream.ReadAsync(one, Stopping) == 0) return;
                line.Append((char)one[0]);
            }
            var key = line.ToString()[4..^2];
            var answer = key switch
            {
                "/bad/nonsense" => "SERVER_ERROR out of memory\r\n",
                "/bad/key" => "VALUE /other 0 3\r\nabc\r\nEND\r\n",
                "/bad/length" => "VALUE /bad/length 0 x3\r\nabc\r\nEND\r\n",
                "/bad/trailer" => "VALUE /bad/trailer 0 3\r\nabcXXEND\r\n",
                _ => "END\r\n",
            };
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), Stopping);
        }
    }

    [Theory]
    [InlineData("GET", "/hit.html")]
    [InlineData("HEAD", "/hit.html")]
    [InlineData("GET", "/plain")]
    [InlineData("GET", "/missing")]
    [InlineData("POST", "/plain")]
    [InlineData("GET", "/fallback/missing")]
    [InlineData("GET", "/gz")]
    [InlineData("GET", "/flags")]
    [InlineData("GET", "/escaped")]
    [InlineData("GET", "/unset")]
    [InlineData("GET", "/second")]
    [InlineData("GET", "/down")]
    [InlineData("GET", "/bad/nonsense")]
    [InlineData("GET", "/bad/key")]
    [InlineData("GET", "/bad/length")]
    [InlineData("GET", "/bad/trailer")]
    public async Task Request_SameAnswerAsNginx(string method, string path)
    {
        var request = $"{method} {path} HTTP/1.1\r\nHost: example.com\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        var ours = await servers.Pair.AssertSameAsync(request);
        var (nginx, _) = await servers.Pair.SendAsync(request);
        foreach (var header in (string[])["Content-Type", "Content-Encoding"])
            Assert.Equal(nginx.Header(header), ours.Header(header));
        // which peer a round robin starts on differs: the last attempt is the one that found the key
        if (path == "/second") Assert.EndsWith("200", ours.Header("X-Upstream-Status"));
        // an error page's length differs by the server token in it
        if (nginx.Status == 200) Assert.Equal(nginx.Header("Content-Length"), ours.Header("Content-Length"));
    }

    [Theory]
    [InlineData("/bad/nonsense", "memcached sent invalid response: \"SERVER_ERROR out of memory\" while reading response header from upstream")]
    [InlineData("/bad/key", "memcached sent invalid key in response \"VALUE /other 0 3\" for key \"/bad/key\" while reading response header from upstream")]
    [InlineData("/bad/length", "memcached sent invalid length in response \"VALUE /bad/length 0 x3\" for key \"/bad/length\" while reading response header from upstream")]
    // "while reading upstream", or "response header from upstream" when the trailer came in the header's buffer
    [InlineData("/bad/trailer", "memcached sent invalid trailer while reading ")]
    [InlineData("/unset", "the \"$memcached_key\" variable is not set")]
    public async Task BadAnswer_LoggedAsNginxLogsIt(string path, string line)
    {
        await servers.Pair.SendAsync(RawHttp.Get(path, "example.com"));
        await WaitForAsync(() => servers.Pair.Nginx.ErrorLog.Contains(line));
        await WaitForAsync(() => servers.Pair.Ours.ErrorLog.Contains(line));
        Assert.Contains(line, servers.Pair.Nginx.ErrorLog);
        Assert.True(servers.Pair.Ours.ErrorLog.Contains(line), servers.Pair.Ours.ErrorLog);
    }

    /// <summary>Log lines may be written just after the response: look again for a while (never a timing assertion).</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(100);
    }
}
