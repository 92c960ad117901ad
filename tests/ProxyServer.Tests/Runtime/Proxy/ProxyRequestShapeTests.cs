using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// The request line, headers and body that reach the upstream (an echo backend sends them back) under
/// proxy_method, proxy_pass_request_headers off, proxy_pass_request_body off and proxy_set_body, compared with nginx's.
/// Header order is not compared; a missing Content-Length and <c>Content-Length: 0</c> count as the same
/// (.NET writes the 0 for a POST without a body).
/// </summary>
public sealed class ProxyRequestShapeTests(ProxyRequestShapeTests.Servers servers) : IClassFixture<ProxyRequestShapeTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            var e = Echo.Port;
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    location /m/ { proxy_pass http://127.0.0.1:{{e}}; proxy_method POST; }
                    location /mv/ { proxy_pass http://127.0.0.1:{{e}}; proxy_method $arg_m; }
                    location /h/ { proxy_pass http://127.0.0.1:{{e}}; proxy_pass_request_headers off; proxy_set_header X-Set yes; }
                    location /b/ { proxy_pass http://127.0.0.1:{{e}}; proxy_pass_request_body off; proxy_set_header Content-Length ""; }
                    location /sb/ { proxy_pass http://127.0.0.1:{{e}}; proxy_set_body "set:$arg_v"; }
                    location /sboff/ { proxy_pass http://127.0.0.1:{{e}}; proxy_set_body "set"; proxy_pass_request_body off; }
                    location /ours/b/ { proxy_pass http://127.0.0.1:{{e}}; proxy_pass_request_body off; }
                }
                """);
        }

        public EchoHttpServer Echo { get; } = new();
        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            Echo.Dispose();
        }
    }

    private const string Body = "abcdef";

    public static TheoryData<string> Requests => new()
    {
        "GET /m/x HTTP/1.0\r\nHost: example.com\r\nX-A: 1\r\n\r\n",
        $"POST /m/x HTTP/1.0\r\nHost: example.com\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\n\r\n{Body}",
        "GET /mv/x?m=PUT HTTP/1.0\r\nHost: example.com\r\n\r\n",
        "DELETE /mv/x?m=PATCH HTTP/1.0\r\nHost: example.com\r\n\r\n",
        $"POST /h/x HTTP/1.0\r\nHost: example.com\r\nX-A: 1\r\nUser-Agent: t\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\n\r\n{Body}",
        "GET /h/x HTTP/1.0\r\nHost: example.com\r\nX-A: 1\r\n\r\n",
        $"POST /b/x HTTP/1.0\r\nHost: example.com\r\nX-A: 1\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\n\r\n{Body}",
        $"POST /b/x HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{Body}\r\n0\r\n\r\n",
        "GET /sb/x?v=1 HTTP/1.0\r\nHost: example.com\r\n\r\n",
        $"POST /sb/x?v=22 HTTP/1.0\r\nHost: example.com\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\n\r\n{Body}",
        $"POST /sb/x HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{Body}\r\n0\r\n\r\n",
        $"POST /sboff/x HTTP/1.0\r\nHost: example.com\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\n\r\n{Body}",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task UpstreamRequest_AsNginxSendsIt(string request)
    {
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(200, nginx.Status);
        var expected = Shape(nginx.Body);
        var actual = Shape(ours.Body);
        Assert.True(expected == actual, $"request:\n{request}\nnginx sent:\n{expected}\nwe sent:\n{actual}\nour error log:\n{servers.Pair.Ours.ErrorLog}");
    }

    /// <summary>Request line, then headers sorted with lower-cased names (Content-Length: 0 dropped), then the body.</summary>
    private static string Shape(string echoed)
    {
        var end = echoed.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return "(no request: " + echoed + ")";
        var lines = echoed[..end].Split("\r\n");
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Select(p => $"{p[0].Trim().ToLowerInvariant()}: {p[1].Trim()}")
            .Where(h => h != "content-length: 0")
            .Order(StringComparer.Ordinal);
        return $"{lines[0]}\n{string.Join('\n', headers)}\n\n{echoed[(end + 4)..]}";
    }
}
