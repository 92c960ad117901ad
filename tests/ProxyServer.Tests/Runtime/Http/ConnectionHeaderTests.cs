using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// ngx_http_header_filter's Connection line against nginx: <c>keep-alive</c> on every HTTP/1.1 response whose
/// connection stays open (a proxied HEAD the cache sent upstream as GET included: proxy_cache.t), <c>close</c> on
/// the last one, and on all under <c>keepalive_timeout 0</c>; an HTTP/1.0 client's as it asked; the close that
/// <c>keepalive_requests</c> and <c>keepalive_disable</c> (msie6 POSTs, safari) bring, and keepalive_timeout's
/// <c>Keep-Alive: timeout=N</c>.
/// Each test sends its requests on one connection and compares the Connection lines of the answers in order.
/// </summary>
public sealed class ConnectionHeaderTests(ConnectionHeaderTests.Servers servers) : IClassFixture<ConnectionHeaderTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        private const string P0 = "{{P0}}";
        private const string P1 = "{{P1}}";

        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp($$"""
            proxy_cache_path cache keys_zone=connection:1m;
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 200 "text\n"; }
                location /px/ { proxy_pass http://127.0.0.1:{{P1}}/; proxy_cache connection; proxy_no_cache $arg_e; }
                location /missing { }
                location /timeout0 { keepalive_timeout 0; return 200 "text\n"; }
                location /limit { keepalive_requests 2; keepalive_timeout 30s 9; return 200 "text\n"; }
                location /safari { keepalive_disable safari; return 200 "text\n"; }
                location /none { keepalive_disable none; return 200 "text\n"; }
            }
            server {
                listen 127.0.0.1:{{P1}};
                location / { return 200 "upstream body\n"; }
            }
            """, portCount: 2);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")]
    [InlineData("HEAD /px/t?e=1 HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.0\r\nHost: a\r\n\r\n")]
    [InlineData("GET /missing HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n")]
    [InlineData("GET /timeout0 HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /limit HTTP/1.1\r\nHost: a\r\n\r\nGET /limit HTTP/1.1\r\nHost: a\r\n\r\nGET /limit HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /limit HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /limit HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nUser-Agent: MSIE 5.0\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: MSIE 5.0\r\n\r\nGET /safari HTTP/1.1\r\nHost: a\r\nUser-Agent: Mac OS X Safari/7534.48.3\r\n\r\n")]
    [InlineData("GET /safari HTTP/1.1\r\nHost: a\r\nUser-Agent: Mac OS X Chrome/1 Safari/7534.48.3\r\n\r\nPOST /none HTTP/1.1\r\nHost: a\r\nUser-Agent: MSIE 5.0\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")]
    public async Task ConnectionLines_SameAsNginx(string requests)
    {
        var (nginx, ours) = await servers.Pair.SendAsync(requests);
        Assert.Equal(ConnectionLines(nginx), ConnectionLines(ours));
    }

    /// <summary>Every answer's Connection line, in order (RawResponse keeps the whole exchange after the first head as its body).</summary>
    private static string ConnectionLines(RawResponse response)
    {
        var text = string.Join("\r\n", response.Headers.Select(h => $"{h.Name}: {h.Value}")) + "\r\n\r\n" + response.RawBody;
        var heads = Regex.Split(text, "(?=HTTP/1\\.1 )").Where(part => part.Length > 0);
        return string.Join(" | ", heads.Select(head => Line(head, "Connection") + " " + Line(head, "Keep-Alive")));

        static string Line(string head, string name) =>
            Regex.Match(head, $"^{name}: (.*?)\r$", RegexOptions.Multiline | RegexOptions.IgnoreCase) is { Success: true } m ? m.Groups[1].Value : "(none)";
    }
}
