using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.FastCgi;

/// <summary>
/// A FastCGI peer that breaks the protocol (<see cref="ScriptedFastCgiBackend"/>), behind nginx and behind us: the
/// same status (502, or 504 for a peer that never answers) and the same error-log line; a connection that broke is
/// never kept, a good one is (fastcgi_keep_conn with the group's keepalive).
/// </summary>
public sealed class FastCgiBadBackendTests(FastCgiBadBackendTests.Servers servers) : IClassFixture<FastCgiBadBackendTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                upstream scripted { server 127.0.0.1:{{Backend.Port}}; keepalive 2; }
                server {
                    listen 127.0.0.1:{{P0}};
                    location / {
                        fastcgi_pass 127.0.0.1:{{Backend.Port}};
                        fastcgi_param REQUEST_URI $request_uri;
                        fastcgi_read_timeout 1s;
                        fastcgi_buffer_size 4k;
                    }
                    location /kept/ {
                        fastcgi_pass scripted;
                        fastcgi_keep_conn on;
                        fastcgi_param REQUEST_URI $request_uri;
                        fastcgi_read_timeout 1s;
                    }
                }
                """);
        }

        public ScriptedFastCgiBackend Backend { get; } = new();
        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            Backend.Dispose();
        }
    }

    [Theory]
    [InlineData("/cut", "upstream prematurely closed connection while reading response header from upstream")]
    [InlineData("/version", "upstream sent unsupported FastCGI protocol version: 2 while reading response header from upstream")]
    [InlineData("/type", "upstream sent invalid FastCGI record type: 9 while reading response header from upstream")]
    [InlineData("/big", "upstream sent too big header while reading response header from upstream")]
    [InlineData("/invalid", "upstream sent invalid header: \"No\\x20...\" while reading response header from upstream")]
    [InlineData("/stdout-closed", "upstream prematurely closed FastCGI stdout while reading response header from upstream")]
    [InlineData("/silent", "upstream timed out (110: Connection timed out) while reading response header from upstream")]
    public async Task BrokenAnswer_SameStatusAndLogLineAsNginx(string path, string logLine)
    {
        var ours = await servers.Pair.AssertSameAsync(RawHttp.Get(path, "example.com"));
        Assert.True(ours.Status is 502 or 504);
        var request = $"request: \"GET {path} HTTP/1.0\"";
        Assert.Contains(Lines(servers.Pair.Nginx.ErrorLog, request), l => l.Contains(logLine, StringComparison.Ordinal));
        Assert.Equal(Lines(servers.Pair.Nginx.ErrorLog, request), Lines(servers.Pair.Ours.ErrorLog, request));
    }

    [Fact]
    public async Task DataAfterEndRequest_IsIgnored() => await servers.Pair.AssertSameAsync(RawHttp.Get("/extra", "example.com"));

    [Fact]
    public async Task KeptConnection_IsReused_ButNotAfterABrokenAnswer()
    {
        var port = servers.Pair.OurPort();
        var first = await RawHttp.SendAsync(port, RawHttp.Get("/kept/ok", "example.com"));
        var second = await RawHttp.SendAsync(port, RawHttp.Get("/kept/ok", "example.com"));
        Assert.Equal(first.Header("X-Conn"), second.Header("X-Conn"));

        var broken = await RawHttp.SendAsync(port, RawHttp.Get("/kept/version", "example.com"));
        Assert.Equal(502, broken.Status);
        var after = await RawHttp.SendAsync(port, RawHttp.Get("/kept/ok", "example.com"));
        Assert.Equal(200, after.Status);
        Assert.NotEqual(first.Header("X-Conn"), after.Header("X-Conn"));
    }

    /// <summary>Error-log lines of one request, without time, pid, connection number and ports.</summary>
    private static string[] Lines(string log, string request) => log.Split('\n')
        .Where(l => l.Contains(request, StringComparison.Ordinal) && l.Contains("[error]", StringComparison.Ordinal))
        .Select(l => Regex.Replace(l, @"^.*?\[(\w+)\] \d+#\d+: \*\d+ ", "[$1] "))
        .Select(l => Regex.Replace(l, @"host: ""[^""]*""", "host"))
        .ToArray();
}
