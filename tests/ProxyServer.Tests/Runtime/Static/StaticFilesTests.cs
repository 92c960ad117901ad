using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Static;

/// <summary>
/// root, alias, index, try_files, types and the static module's answers (directory redirects,
/// 403/404/405, conditional requests, ranges, HEAD), asked of real nginx and of us.
/// </summary>
public sealed class StaticFilesTests(StaticFilesTests.Servers servers) : IClassFixture<StaticFilesTests.Servers>
{
    public sealed class Servers() : StaticSitePair(Config)
    {
        private static string Config(StaticSite site)
        {
            var root = site.Root;
            const string port = "{{P0}}";
            return $$"""
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                server {
                    listen 127.0.0.1:{{port}};
                    server_name static.test;
                    root {{root}};
                    index index.html index.htm;
                    location /tf/ { try_files $uri $uri/ =404; }
                    location /tfuri/ { try_files /nope $uri /hello.txt?from=tf; }
                    location /tfnamed/ { try_files /nope @fallback; }
                    location /tfcode/ { try_files /nope =410; }
                    location @fallback { return 200 "fallback $uri $args\n"; }
                    location /al/ { alias {{root}}/dir/; }
                    location /alnest/ { alias {{root}}/dir/; location /alnest/sub/ { } }
                    location /altf/ { alias {{root}}/dir/; try_files $uri $uri/ =404; }
                    location ~ ^/re/(.+)$ { alias {{root}}/$1; }
                    location /idxabs/ { index missing.html /hello.txt; }
                    location /idxvar/ { index $arg_i; }
                    location /types/ {
                        types { text/x-foo foo; }
                        default_type text/x-default;
                        alias {{root}}/types/;
                    }
                    location /noetag/ { etag off; alias {{root}}/; }
                    location /before/ { if_modified_since before; alias {{root}}/; }
                    location /imsoff/ { if_modified_since off; alias {{root}}/; }
                    location /onerange/ { max_ranges 1; alias {{root}}/; }
                    location /noranges/ { max_ranges 0; alias {{root}}/; }
                    location /ep/ { error_page 404 /404.html; }
                    location /ep200/ { error_page 404 =200 /hello.txt; }
                    location /nolog/ { log_not_found off; }
                    location /rooted/ { root {{root}}/dir/; }
                    location /rf/ {
                        alias {{root}}/dir/;
                        if (!-e $request_filename) { return 200 "missing $request_filename in $document_root\n"; }
                    }
                    location /idxdir/ { index sub; alias {{root}}/dir/; }
                    location /vh/ { root {{root}}/vhosts/$host; }
                }
                """;
        }
    }

    public static TheoryData<string, string, string> Requests => new()
    {
        // method, target, extra headers
        { "GET", "/", "" },
        { "GET", "/index.html", "" },
        { "GET", "/hello.txt", "" },
        { "GET", "/style.CSS", "" },
        { "GET", "/README", "" },
        { "GET", "/.hidden", "" },
        { "GET", "/data.json", "" },
        { "GET", "/empty.txt", "" },
        { "GET", "/a%20file.txt", "" },
        { "GET", "/p%25q.txt", "" },
        { "GET", "/caf%C3%A9.txt", "" },
        { "GET", "/missing", "" },
        { "GET", "/missing/", "" },
        { "GET", "/hello.txt/", "" },
        { "GET", "/hello.txt/x", "" },
        { "GET", "/dir", "" },
        { "GET", "/dir?x=1&y=%20", "" },
        { "GET", "/dir/", "" },
        { "GET", "/dir/?q", "" },
        { "GET", "/dir/sub", "" },
        { "GET", "/dir/sub/", "" },
        { "GET", "/a%20dir", "" },
        { "GET", "/a%20dir/", "" },
        { "GET", "/noindex/", "" },
        { "GET", "/emptydir/", "" },
        { "GET", "/tf/", "" },
        { "GET", "/tf/x", "" },
        { "GET", "/tfuri/x?keep=1", "" },
        { "GET", "/tfnamed/x?a=b", "" },
        { "GET", "/tfcode/x", "" },
        { "GET", "/al/", "" },
        { "GET", "/al/page.html", "" },
        { "GET", "/al/sub", "" },
        { "GET", "/al/sub/deep.txt", "" },
        { "GET", "/al", "" },
        { "GET", "/alnest/sub/deep.txt", "" },
        { "GET", "/altf/page.html", "" },
        { "GET", "/altf/sub", "" },
        { "GET", "/altf/nothing", "" },
        { "GET", "/re/hello.txt", "" },
        { "GET", "/re/dir", "" },
        { "GET", "/re/dir/page.html", "" },
        { "GET", "/re/a%20dir", "" },
        { "GET", "/idxabs/", "" },
        { "GET", "/idxvar/?i=page.html", "" },
        { "GET", "/types/x.foo", "" },
        { "GET", "/types/x.html", "" },
        { "GET", "/types/x.unknown", "" },
        { "GET", "/noetag/hello.txt", "" },
        { "GET", "/ep/missing", "" },
        { "GET", "/ep200/missing", "" },
        { "GET", "/nolog/missing", "" },
        { "GET", "/rooted/", "" },
        { "GET", "/rf/page.html", "" },
        { "GET", "/rf/nothing", "" },
        { "GET", "/idxdir/", "" },
        { "GET", "/vh/", "" },
        { "GET", "/vh/sub", "" },
        { "GET", "/vh/sub/", "" },
        { "GET", "/%3F.txt", "" },
        // methods
        { "HEAD", "/hello.txt", "" },
        { "HEAD", "/dir", "" },
        { "POST", "/hello.txt", "Content-Length: 0\r\n" },
        { "POST", "/dir/", "Content-Length: 0\r\n" },
        { "POST", "/missing", "Content-Length: 0\r\n" },
        { "POST", "/dir", "Content-Length: 0\r\n" },
        { "PUT", "/hello.txt", "Content-Length: 0\r\n" },
        { "DELETE", "/dir/", "" },
        { "OPTIONS", "/hello.txt", "" },
        // conditional requests
        { "GET", "/hello.txt", "If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/hello.txt", "If-Modified-Since: Tuesday, 02-Jan-24 03:04:05 GMT\r\n" },
        { "GET", "/hello.txt", "If-Modified-Since: Tue Jan  2 03:04:05 2024\r\n" },
        { "GET", "/hello.txt", "If-Modified-Since: Wed, 03 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/hello.txt", "If-Modified-Since: garbage\r\n" },
        { "GET", "/before/hello.txt", "If-Modified-Since: Wed, 03 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/before/hello.txt", "If-Modified-Since: Mon, 01 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/imsoff/hello.txt", "If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/hello.txt", "If-None-Match: \"65937d25-17\"\r\n" },
        { "GET", "/hello.txt", "If-None-Match: W/\"65937d25-17\"\r\n" },
        { "GET", "/hello.txt", "If-None-Match: \"x\", \"65937d25-17\"\r\n" },
        { "GET", "/hello.txt", "If-None-Match: *\r\n" },
        { "GET", "/hello.txt", "If-None-Match: \"65937d25-18\"\r\n" },
        { "GET", "/hello.txt", "If-None-Match: \"x\"\r\nIf-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/noetag/hello.txt", "If-None-Match: \"65937d25-17\"\r\n" },
        { "GET", "/hello.txt", "If-Match: \"x\"\r\n" },
        { "GET", "/hello.txt", "If-Match: \"65937d25-17\"\r\n" },
        { "GET", "/hello.txt", "If-Unmodified-Since: Mon, 01 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/hello.txt", "If-Unmodified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n" },
        { "HEAD", "/hello.txt", "If-None-Match: \"65937d25-17\"\r\n" },
        { "GET", "/ep/missing", "If-None-Match: *\r\n" },
        // ranges
        { "GET", "/hello.txt", "Range: bytes=0-4\r\n" },
        { "GET", "/hello.txt", "Range: bytes=-3\r\n" },
        { "GET", "/hello.txt", "Range: bytes=-30\r\n" },
        { "GET", "/hello.txt", "Range: bytes=20-\r\n" },
        { "GET", "/hello.txt", "Range: bytes=6-100\r\n" },
        { "GET", "/hello.txt", "Range: bytes = 1 - 2\r\n" },
        { "GET", "/hello.txt", "Range: BYTES=1-2\r\n" },
        { "GET", "/hello.txt", "Range: bytes=30-40\r\n" },
        { "GET", "/hello.txt", "Range: bytes=5-2\r\n" },
        { "GET", "/hello.txt", "Range: bytes=x\r\n" },
        { "GET", "/hello.txt", "Range: bytes=0-0,-1\r\n" },
        { "GET", "/hello.txt", "Range: bytes=0-1,3-4,30-40\r\n" },
        { "GET", "/hello.txt", "Range: bytes=0-1,1-30\r\n" },
        { "GET", "/hello.txt", "Range: bytes=0-\r\n" },
        { "GET", "/hello.txt", "Range: items=0-1\r\n" },
        { "GET", "/hello.txt", "Range: bytes=0-4\r\nIf-Range: \"65937d25-17\"\r\n" },
        { "GET", "/hello.txt", "Range: bytes=0-4\r\nIf-Range: \"other\"\r\n" },
        { "GET", "/hello.txt", "Range: bytes=0-4\r\nIf-Range: Tue, 02 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/hello.txt", "Range: bytes=0-4\r\nIf-Range: Wed, 03 Jan 2024 03:04:05 GMT\r\n" },
        { "GET", "/empty.txt", "Range: bytes=0-4\r\n" },
        { "HEAD", "/hello.txt", "Range: bytes=0-4\r\n" },
        { "GET", "/onerange/hello.txt", "Range: bytes=0-1,3-4\r\n" },
        { "GET", "/onerange/hello.txt", "Range: bytes=0-1\r\n" },
        { "GET", "/noranges/hello.txt", "Range: bytes=0-1\r\n" },
        { "GET", "/ep/missing", "Range: bytes=0-1\r\n" },
        { "GET", "/ep200/missing", "Range: bytes=0-1\r\n" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SameAnswerAsNginx(string method, string target, string headers) =>
        await StaticSite.AssertSameAsync(servers.Pair, $"{method} {target} HTTP/1.0\r\nHost: static.test\r\n{headers}\r\n");

    [Theory]
    [InlineData("/dir")]
    [InlineData("/dir?x=1")]
    public async Task DirectoryRedirect_WithoutHost_UsesServerAddress(string target) =>
        await StaticSite.AssertSameAsync(servers.Pair, $"GET {target} HTTP/1.0\r\n\r\n");
}
