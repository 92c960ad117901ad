using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// <c>X-Accel-Redirect</c> from the upstream against the real nginx: the request goes on to that URI (with its
/// arguments) or named location as GET (HEAD stays HEAD), the upstream's body dropped; an unsafe URI is 404;
/// <c>proxy_ignore_headers X-Accel-Redirect</c> passes the upstream's answer on; the headers nginx carries over
/// (Content-Type, Set-Cookie through proxy_cookie_*, Content-Disposition, Cache-Control, Expires, Accept-Ranges)
/// reach the client with the redirected answer, the others do not; an escaped URI is unescaped, then checked.
/// </summary>
public sealed class AccelRedirectTests(AccelRedirectTests.Servers servers) : IClassFixture<AccelRedirectTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P1}};
                location /data { add_header X-Accel-Redirect $arg_xar; return 200 "upstream body\n"; }
                location /carry {
                    add_header X-Accel-Redirect $arg_xar;
                    add_header Content-Type text/blah;
                    add_header Set-Cookie "a=b; Path=/up/x";
                    add_header Content-Disposition attachment;
                    add_header Cache-Control no-cache;
                    add_header Expires fake;
                    add_header Accept-Ranges parrots;
                    add_header Something other;
                    return 204;
                }
            }
            server {
                listen 127.0.0.1:{{P0}};
                location /p/ { proxy_pass http://127.0.0.1:{{P1}}/; proxy_cookie_path /up/ /down/; }
                location /ignored/ { proxy_pass http://127.0.0.1:{{P1}}/; proxy_ignore_headers X-Accel-Redirect; }
                location /target { return 200 "target $request_method $uri $args\n"; }
                location @named { return 200 "named $request_method $uri\n"; }
            }
            """, portCount: 2);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData("GET", "/p/data?xar=/target")]
    [InlineData("GET", "/p/data?xar=/target?a=1&b=2")]
    [InlineData("POST", "/p/data?xar=/target")]
    [InlineData("HEAD", "/p/data?xar=/target")]
    [InlineData("GET", "/p/data?xar=@named")]
    [InlineData("GET", "/p/data?xar=/../etc/passwd")]
    [InlineData("GET", "/p/data?xar=/nowhere")]
    [InlineData("GET", "/p/data")]
    [InlineData("GET", "/ignored/data?xar=/target")]
    [InlineData("GET", "/p/carry?xar=/target")]
    [InlineData("GET", "/p/carry?xar=@named")]
    [InlineData("GET", "/p/carry?xar=/nowhere")]
    [InlineData("GET", "/p/data?xar=/foo%2520bar")]
    [InlineData("GET", "/p/data?xar=/target/.%252e")]
    [InlineData("GET", "/p/data?xar=/target%253Fq=1")]
    [InlineData("GET", "/p/data?xar=%253Fq")]
    public async Task AccelRedirect_SameAnswerAsNginx(string method, string target)
    {
        var body = method == "POST" ? "Content-Length: 0\r\n" : "";
        await servers.Pair.AssertSameAsync($"{method} {target} HTTP/1.0\r\nHost: localhost\r\n{body}\r\n");
    }
}
