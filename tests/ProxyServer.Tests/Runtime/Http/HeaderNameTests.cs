using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// ngx_http_parse_header_line's verdict on header names, against nginx: a name with '_' (or another byte than a
/// letter, a digit or '-') is dropped under <c>ignore_invalid_headers on</c> (the default), so the upstream never gets
/// it; <c>underscores_in_headers on</c> keeps '_' names, <c>ignore_invalid_headers off</c> keeps them all; a control
/// byte in a name is a 400 whatever the settings. The backend keeps every name and echoes <c>$http_x_foo</c>, which
/// reads an <c>x_foo</c> header too.
/// </summary>
public sealed class HeaderNameTests(HeaderNameTests.Servers servers) : IClassFixture<HeaderNameTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        private const string Defaults = "{{P0}}";
        private const string Underscores = "{{P1}}";
        private const string Off = "{{P2}}";
        private const string Backend = "{{P3}}";

        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp($$"""
            server { listen 127.0.0.1:{{Defaults}}; location / { proxy_pass http://127.0.0.1:{{Backend}}; } }
            server { listen 127.0.0.1:{{Underscores}}; underscores_in_headers on; location / { proxy_pass http://127.0.0.1:{{Backend}}; } }
            server { listen 127.0.0.1:{{Off}}; ignore_invalid_headers off; location / { proxy_pass http://127.0.0.1:{{Backend}}; } }
            server {
                listen 127.0.0.1:{{Backend}};
                ignore_invalid_headers off;
                underscores_in_headers on;
                location / { return 200 "[$http_x_foo] [$http_x_bar]\n"; }
            }
            """, portCount: 4);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData(0, "x_foo: one\r\nX-Bar: two\r\n")]
    [InlineData(0, "_foo: one\r\nx-foo: three\r\n")]
    [InlineData(0, "x.foo: one\r\nx-bar: two\r\n")]
    [InlineData(1, "x_foo: one\r\nX-Bar: two\r\n")]
    [InlineData(1, "x.foo: one\r\nx_bar: two\r\n")]
    [InlineData(2, "x_foo: one\r\nx.bar: two\r\n")]
    [InlineData(0, "foo\u0002: one\r\n")]
    [InlineData(2, "foo\u0002: one\r\n")]
    public async Task SameAnswerAsNginx(int server, string headers) =>
        await WireAnswer.AssertSameAsync(servers.Pair, "GET / HTTP/1.0\r\nHost: a\r\n" + headers + "\r\n", server);
}
