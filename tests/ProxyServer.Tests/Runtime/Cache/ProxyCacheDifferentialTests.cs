using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Cache;

/// <summary>
/// proxy_cache against nginx, both in front of one real nginx backend serving files: for each sequence of
/// requests the two give the same statuses, the same <c>$upstream_cache_status</c> sequence, the same bodies
/// and the same headers that caching decides (Content-Range, Accept-Ranges, ETag). Each test uses its own URIs,
/// so the entries of one never answer another.
/// </summary>
public sealed class ProxyCacheDifferentialTests(ProxyCacheDifferentialTests.Servers servers) : IClassFixture<ProxyCacheDifferentialTests.Servers>
{
    public sealed class Servers() : NginxBackendPair(BackendConfig, ProxyConfig)
    {
        public static readonly string Root = CreateRoot();

        /// <summary>A port nothing listens on: an upstream that refuses the connection.</summary>
        public static readonly int RefusingPort = FreePort.Next();

        private static string CreateRoot()
        {
            var root = TempDirectory.Create("cache-backend-");
            foreach (var name in (string[])["plain", "nocache", "cookie", "cookie-ignored", "accel0", "bypass", "nostore", "minuses", "range", "cond",
                "head", "post", "expires", "stale", "reval", "smaxage", "vary", "private", "any404x", "varylang", "bg", "bgrefused"])
                File.WriteAllText(Path.Combine(root, name), $"body of {name}\n");
            File.WriteAllText(Path.Combine(root, "big"), new string('x', 5000));
            return root;
        }

        private static string BackendConfig(int backendPort) => $$"""
                server {
                    listen 127.0.0.1:{{backendPort}};
                    root {{Root}};
                    location /nocache { add_header Cache-Control no-cache; }
                    location /private { add_header Cache-Control "private, max-age=60"; }
                    location /cookie { add_header Set-Cookie a=b; }
                    location /accel0 { add_header X-Accel-Expires 0; }
                    location /smaxage { add_header Cache-Control "max-age=0, s-maxage=60"; }
                    location /expires { expires 1s; }
                    location /vary { add_header Vary "*"; }
                    location /varylang { add_header Vary Accept-Language; }
                    location /stale { add_header Cache-Control max-age=1; if ($arg_fail) { return 500 "failing\n"; } }
                    location /reval { add_header Cache-Control max-age=1; }
                    location /bg { add_header Cache-Control max-age=1; }
                    location /post { return 200 "posted $request_method\n"; }
                    location /status404 { add_header Cache-Control max-age=60 always; return 404; }
                }
                """;

        private static string ProxyConfig(int backendPort)
        {
            const string P0 = "{{P0}}";
            return $$"""
                proxy_cache_path cache levels=1:2 keys_zone=diff:1m;
                server {
                    listen 127.0.0.1:{{P0}};
                    add_header X-Cache "$upstream_cache_status" always;
                    location / {
                        proxy_pass http://127.0.0.1:{{backendPort}};
                        proxy_cache diff;
                        proxy_cache_valid 200 1m;
                        proxy_cache_bypass $arg_bypass;
                        proxy_no_cache $arg_nostore;
                        proxy_cache_revalidate on;
                        proxy_cache_use_stale http_500;
                        proxy_cache_key $uri;
                    }
                    location /minuses {
                        proxy_pass http://127.0.0.1:{{backendPort}};
                        proxy_cache diff;
                        proxy_cache_valid 200 1m;
                        proxy_cache_min_uses 2;
                    }
                    location /cookie-ignored {
                        proxy_pass http://127.0.0.1:{{backendPort}}/cookie;
                        proxy_cache diff;
                        proxy_cache_valid 200 1m;
                        proxy_ignore_headers Set-Cookie;
                    }
                    location /head {
                        proxy_pass http://127.0.0.1:{{backendPort}};
                        proxy_cache diff;
                        proxy_cache_valid 200 1m;
                    }
                    location /status404 {
                        proxy_pass http://127.0.0.1:{{backendPort}};
                        proxy_cache diff;
                    }
                    location /bg {
                        proxy_pass http://127.0.0.1:$arg_up;
                        proxy_cache diff;
                        proxy_cache_key $uri;
                        proxy_cache_use_stale updating;
                        proxy_cache_background_update on;
                    }
                }
                """;
        }
    }

    private static string Request(string method, string target, string extra = "") =>
        $"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}" + (method == "POST" ? "Content-Length: 0\r\n" : "") + "\r\n";

    /// <summary>Sends the requests in order to both and compares what caching decides, one line per response.</summary>
    private async Task AssertSameSequenceAsync(params string[] requests)
    {
        var nginx = new List<string>();
        var ours = new List<string>();
        foreach (var request in requests)
        {
            var (n, o) = await servers.Pair.SendAsync(request);
            nginx.Add(Describe(n));
            ours.Add(Describe(o));
        }
        Assert.True(nginx.SequenceEqual(ours),
            $"nginx:\n{string.Join("\n", nginx)}\nproxyserver:\n{string.Join("\n", ours)}\nour error log:\n{servers.Pair.Ours.ErrorLog}");
    }

    private static string Describe(RawResponse response) => Describe(response, ServerToken.Replace(response.Body, "<hr><center>SERVER</center>"));

    private static string Describe(RawResponse response, string body) =>
        Boundary.Replace($"{response.Status} cache={response.Header("X-Cache")} range={response.Header("Content-Range")} accept-ranges={response.Header("Accept-Ranges")} "
        + $"etag={(response.Header("ETag") is null ? "no" : "yes")} body={body.Length}:{(body.Length > 40 ? body[..40] : body).Trim()}", "--BOUNDARY");

    private static readonly System.Text.RegularExpressions.Regex ServerToken = new("<hr><center>[^<]*</center>");

    /// <summary>multipart/byteranges boundaries count a process's responses: not comparable.</summary>
    private static readonly System.Text.RegularExpressions.Regex Boundary = new("--[0-9]{20}");

    [Fact]
    public Task Get_MissThenHit() => AssertSameSequenceAsync(Request("GET", "/plain"), Request("GET", "/plain"), Request("GET", "/plain?other"));

    [Theory]
    [InlineData("/nocache")]
    [InlineData("/private")]
    [InlineData("/cookie")]
    [InlineData("/accel0")]
    [InlineData("/vary")]
    public Task UpstreamHeaders_ForbidCaching(string uri) => AssertSameSequenceAsync(Request("GET", uri), Request("GET", uri));

    [Theory]
    [InlineData("/cookie-ignored")]
    [InlineData("/smaxage")]
    public Task UpstreamHeaders_AllowCaching(string uri) => AssertSameSequenceAsync(Request("GET", uri), Request("GET", uri));

    [Fact]
    public Task Bypass_GoesUpstreamAndStores() =>
        AssertSameSequenceAsync(Request("GET", "/bypass"), Request("GET", "/bypass?bypass=1"), Request("GET", "/bypass"));

    [Fact]
    public Task NoCache_IsNotStored() =>
        AssertSameSequenceAsync(Request("GET", "/nostore?nostore=1"), Request("GET", "/nostore?nostore=1"), Request("GET", "/nostore"), Request("GET", "/nostore"));

    [Fact]
    public Task MinUses_StoresOnTheSecondUse() =>
        AssertSameSequenceAsync(Request("GET", "/minuses"), Request("GET", "/minuses"), Request("GET", "/minuses"));

    [Fact]
    public Task Post_IsNotCached() => AssertSameSequenceAsync(Request("POST", "/post"), Request("POST", "/post"));

    [Fact]
    public Task Head_IsSentAsGetAndServesTheGet() =>
        AssertSameSequenceAsync(Request("HEAD", "/head"), Request("GET", "/head"), Request("HEAD", "/head"));

    [Fact]
    public Task Hit_AnswersRangesAndConditionals() => AssertSameSequenceAsync(
        Request("GET", "/range", "Range: bytes=2-5\r\n"),
        Request("GET", "/range", "Range: bytes=2-5\r\n"),
        Request("GET", "/range", "Range: bytes=0-1,4-6\r\n"),
        Request("GET", "/range", "Range: bytes=500-\r\n"),
        Request("GET", "/cond"),
        Request("GET", "/cond", "If-Modified-Since: Thu, 01 Jan 2037 00:00:00 GMT\r\n"),
        Request("GET", "/cond", "If-Match: \"nope\"\r\n"));

    [Fact]
    public Task Vary_KeepsAnEntryPerVariant() => AssertSameSequenceAsync(
        Request("GET", "/varylang", "Accept-Language: en\r\n"),
        Request("GET", "/varylang", "Accept-Language: en\r\n"),
        Request("GET", "/varylang", "Accept-Language: fr\r\n"),
        Request("GET", "/varylang", "Accept-Language: fr\r\n"),
        Request("GET", "/varylang", "Accept-Language: en\r\n"),
        Request("GET", "/varylang"));

    [Fact]
    public Task ErrorStatus_CachedByItsMaxAge() => AssertSameSequenceAsync(Request("GET", "/status404"), Request("GET", "/status404"));

    /// <summary>
    /// proxy_cache_background_update: an expired entry is answered STALE at once while a background subrequest updates
    /// it (the client's connection closes once the update ended, so the next request sees its outcome): HIT after a
    /// peer that answered, STALE again after one that refused the connection.
    /// </summary>
    [Fact]
    public async Task BackgroundUpdate_AnswersStaleThenUpdated()
    {
        var up = $"?up={servers.BackendPort}";
        var refused = $"?up={Servers.RefusingPort}";
        await AssertSameSequenceAsync(Request("GET", "/bg" + up), Request("GET", "/bgrefused" + up));
        await Task.Delay(2100); // the entries' max-age of 1s passes
        await AssertSameSequenceAsync(Request("GET", "/bg" + up), Request("GET", "/bg" + up),
            Request("GET", "/bgrefused" + refused), Request("GET", "/bgrefused" + refused));
    }

    [Fact]
    public async Task Expired_RevalidatedOrStale()
    {
        await AssertSameSequenceAsync(Request("GET", "/reval"), Request("GET", "/stale"), Request("GET", "/expires"));
        await Task.Delay(2100); // the entries' max-age of 1s passes
        await AssertSameSequenceAsync(Request("GET", "/reval"), Request("GET", "/reval"), Request("GET", "/stale?fail=1"), Request("GET", "/expires"));
    }
}
