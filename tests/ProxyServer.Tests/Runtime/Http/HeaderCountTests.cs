using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// Debian's nginx 1.22.1 takes at most 1000 header lines in a request (later nginx's
/// <c>max_headers</c>, Host included): the 1001st, however small, is 494 (sent as 400 "Request Header
/// Or Cookie Too Large"), logged at info as "client sent too many header lines". Against real nginx.
/// </summary>
public sealed class HeaderCountTests(HeaderCountTests.Servers servers) : IClassFixture<HeaderCountTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 200 "served\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    /// <summary>A request with <paramref name="lines"/> header lines in all: Host, Connection and small X- lines.</summary>
    private static string WithHeaderLines(int lines) =>
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
        + string.Concat(Enumerable.Range(0, lines - 2).Select(i => $"X-H{i}: v\r\n")) + "\r\n";

    [Theory]
    [InlineData(1000, 200)]
    [InlineData(1001, 400)]
    [InlineData(1500, 400)]
    public async Task HeaderLines_LimitedAsNginx(int lines, int status)
    {
        var ours = await servers.Pair.AssertSameAsync(WithHeaderLines(lines));
        Assert.Equal(status, ours.Status);
        if (status == 400)
            Assert.Matches(@"\[info\] \d+#\d+: \*\d+ client sent too many header lines while reading client request headers, client: 127\.0\.0\.1, server: , request: ""GET / HTTP/1\.1"", host: ""a""", servers.Pair.Ours.ErrorLog);
    }
}
