using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Gzip;

/// <summary>
/// gzip, gzip_types, gzip_min_length, gzip_comp_level, gzip_proxied, gzip_vary, gzip_disable (msie6 and
/// regexes) and gzip_http_version on static files, proxied responses, returns and error pages, asked of
/// nginx and of us: same status, same headers a filter touches (Content-Encoding, Vary, the weakened ETag,
/// no Content-Length or Accept-Ranges) and the same bytes once decoded (the compressed bytes themselves are
/// zlib's and may differ).
/// </summary>
public sealed class GzipFilterTests(GzipFilterTests.Servers servers) : IClassFixture<GzipFilterTests.Servers>
{
    public sealed class Servers() : FilterSitePair(Config)
    {
        private const string P0 = "{{P0}}";
        private const string P1 = "{{P1}}";

        private static string Config(GzipSite site)
        {
            var root = site.Root;
            return $$"""
                server {
                    listen 127.0.0.1:{{P1}};
                    root {{root}};
                    location /cc/ { add_header Cache-Control "private, no-cache"; alias {{root}}/; }
                    location /exp/ { expires -1h; alias {{root}}/; }
                    location /encoded/ { add_header Content-Encoding x-mine; alias {{root}}/; }
                }
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{root}};
                    gzip on;
                    gzip_vary on;
                    gzip_min_length 100;
                    gzip_types text/plain application/json;
                    location /off/ { gzip off; alias {{root}}/; }
                    location /novary/ { gzip_vary off; alias {{root}}/; }
                    location /px/ { proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /pxany/ { gzip_proxied any; proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /pxsome/ { gzip_proxied expired no-cache auth; proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /pxlm/ { gzip_proxied no_last_modified no_etag; proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /ret { return 200 "a returned text long enough to be compressed by the gzip filter of nginx, over one hundred bytes\n"; }
                    location /ret204 { return 204; }
                    location /e404 { return 404; }
                    location /e403 { return 403; }
                    location /e500 { return 500; }
                    location /msie/ { gzip_disable msie6 "^Bad"; alias {{root}}/; }
                    location /v10/ { gzip_http_version 1.0; alias {{root}}/; }
                    location /lvl/ { gzip_comp_level 9; alias {{root}}/; }
                    location /star/ { gzip_types *; alias {{root}}/; }
                    location /min0/ { gzip_min_length 0; alias {{root}}/; }
                    location /ep/ { error_page 404 /big.html; }
                }
                """;
        }
    }

    private const string Gzip = "Accept-Encoding: gzip\r\n";

    [Theory]
    [InlineData("GET", "/big.html", Gzip)]
    [InlineData("GET", "/big.html", "")]
    [InlineData("HEAD", "/big.html", Gzip)]
    [InlineData("GET", "/big.html", Gzip + "Range: bytes=0-10\r\n")]
    [InlineData("GET", "/big.html", "Range: bytes=0-10\r\n")]
    [InlineData("GET", "/big.html", "Accept-Encoding: gzip;q=0\r\n")]
    [InlineData("GET", "/big.html", "Accept-Encoding: gzip; q=0.001\r\n")]
    [InlineData("GET", "/big.html", "Accept-Encoding: gzip;q=1.0001\r\n")]
    [InlineData("GET", "/big.html", "Accept-Encoding: deflate, gzip\r\n")]
    [InlineData("GET", "/big.html", "Accept-Encoding: deflate,xgzip\r\n")]
    [InlineData("GET", "/big.html", "Accept-Encoding: GZIP\r\n")]
    [InlineData("GET", "/big.html", "Accept-Encoding: gzip2\r\n")]
    [InlineData("GET", "/big.html", "Accept-Encoding: br, gzip ;q=0.5, identity\r\n")]
    [InlineData("GET", "/small.html", Gzip)]
    [InlineData("GET", "/min0/small.html", Gzip)]
    [InlineData("GET", "/min0/empty.html", Gzip)]
    [InlineData("GET", "/t.txt", Gzip)]
    [InlineData("GET", "/data.json", Gzip)]
    [InlineData("GET", "/x.css", Gzip)]
    [InlineData("GET", "/star/x.gif", Gzip)]
    [InlineData("GET", "/off/big.html", Gzip)]
    [InlineData("GET", "/novary/big.html", Gzip)]
    [InlineData("GET", "/novary/big.html", "")]
    [InlineData("GET", "/lvl/big.html", Gzip)]
    [InlineData("GET", "/ret", Gzip)]
    [InlineData("GET", "/ret204", Gzip)]
    [InlineData("GET", "/e404", Gzip)]
    [InlineData("GET", "/e403", Gzip)]
    [InlineData("GET", "/e500", Gzip)]
    [InlineData("GET", "/missing.html", Gzip)]
    [InlineData("GET", "/ep/missing", Gzip)]
    [InlineData("POST", "/big.html", Gzip)]
    [InlineData("GET", "/px/big.html", Gzip)]
    [InlineData("GET", "/px/encoded/big.html", Gzip)]
    [InlineData("GET", "/px/big.html", Gzip + "Via: 1.1 cache\r\n")]
    [InlineData("GET", "/pxany/big.html", Gzip + "Via: 1.1 cache\r\n")]
    [InlineData("GET", "/pxsome/big.html", Gzip + "Via: 1.1 cache\r\n")]
    [InlineData("GET", "/pxsome/big.html", Gzip + "Via: 1.1 cache\r\nAuthorization: Basic eDp5\r\n")]
    [InlineData("GET", "/pxsome/cc/big.html", Gzip + "Via: 1.1 cache\r\n")]
    [InlineData("GET", "/pxsome/exp/big.html", Gzip + "Via: 1.1 cache\r\n")]
    [InlineData("GET", "/pxlm/big.html", Gzip + "Via: 1.1 cache\r\n")]
    [InlineData("GET", "/pxlm/cc/big.html", Gzip + "Via: 1.1 cache\r\n")]
    [InlineData("GET", "/msie/big.html", Gzip + "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)\r\n")]
    [InlineData("GET", "/msie/big.html", Gzip + "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)\r\n")]
    [InlineData("GET", "/msie/big.html", Gzip + "User-Agent: Mozilla/4.0 (compatible; MSIE 5.5; Windows 98)\r\n")]
    [InlineData("GET", "/msie/big.html", Gzip + "User-Agent: Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1)\r\n")]
    [InlineData("GET", "/msie/big.html", Gzip + "User-Agent: badbot/1.0\r\n")]
    [InlineData("GET", "/msie/big.html", Gzip + "User-Agent: goodbot/1.0\r\n")]
    [InlineData("GET", "/big.html", Gzip + "If-None-Match: W/\"65937c15-4e3a\"\r\n")]
    public async Task Response_SameAsNginx(string method, string target, string headers)
    {
        await AssertSameAsync($"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}{(method == "POST" ? "Content-Length: 0\r\n" : "")}\r\n");
    }

    [Theory]
    [InlineData("/big.html")]
    [InlineData("/v10/big.html")]
    public async Task Http10_CompressedOnlyUnderGzipHttpVersion10(string target)
    {
        await AssertSameAsync($"GET {target} HTTP/1.0\r\nHost: localhost\r\n{Gzip}\r\n");
    }

    /// <summary>
    /// nginx passes its gzip output on a full gzip_buffers buffer at a time, so a small response (or an empty one: zlib's
    /// 20-byte empty member) is one chunk, header, data and trailer together (proxy_cache.t's stale answers). The
    /// compressed sizes are zlib's (nginx's) against .NET's zlib-ng, which may differ but for the empty member.
    /// </summary>
    [Theory]
    [InlineData("/min0/small.html")]
    [InlineData("/min0/empty.html")]
    [InlineData("/big.html")]
    public async Task Chunks_SameAsNginx(string target)
    {
        var request = $"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{Gzip}\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        var (nginxSizes, ourSizes) = (ChunkSizes(nginx), ChunkSizes(ours));
        Assert.True(nginxSizes.Count == ourSizes.Count && (target != "/min0/empty.html" || nginxSizes.SequenceEqual(ourSizes)),
            $"nginx's chunks: {string.Join(",", nginxSizes)}; ours: {string.Join(",", ourSizes)}");
    }

    /// <summary>The sizes of a chunked body's chunks as sent (RawHttp's Body is the joined data), the last 0 included.</summary>
    private static List<int> ChunkSizes(RawResponse response)
    {
        var raw = response.RawBody;
        var sizes = new List<int>();
        var position = 0;
        while (position < raw.Length)
        {
            var lineEnd = raw.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(raw[position..lineEnd], 16);
            sizes.Add(size);
            if (size == 0) break;
            position = lineEnd + 2 + size + 2;
        }
        return sizes;
    }

    private Task AssertSameAsync(string request) => GzipSite.AssertSameAsync(servers.Pair, request);
}
