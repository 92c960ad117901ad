using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.NginxConf.Directives;

namespace ProxyServer.Tests.Runtime.Cgi;

/// <summary>
/// fastcgi_cache on the one cache core, against nginx, both in front of one Debian PHP-FPM: the same
/// <c>$upstream_cache_status</c> sequences (MISS, HIT, BYPASS, EXPIRED, REVALIDATED), a hit answering the body the
/// miss stored, the entry's validators sent as <c>HTTP_IF_MODIFIED_SINCE</c> while it is revalidated and the
/// client's conditional headers never passed; and nginx's verdicts on cache configs of the CGI modules.
/// </summary>
public sealed class CgiCacheDifferentialTests(CgiCacheDifferentialTests.Servers servers) : IClassFixture<CgiCacheDifferentialTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            Php = PhpFpmInstance.Start(new Dictionary<string, string>
            {
                ["unique.php"] = "<?php echo 'made ', uniqid('', true), ' ims=', $_SERVER['HTTP_IF_MODIFIED_SINCE'] ?? '(unset)', \"\\n\";",
                ["reval.php"] = """
                    <?php
                    $lm = 'Thu, 01 Jan 2015 00:00:00 GMT';
                    header('Cache-Control: max-age=1');
                    header('Last-Modified: ' . $lm);
                    if (($_SERVER['HTTP_IF_MODIFIED_SINCE'] ?? '') === $lm) { header('Status: 304 Not Modified'); exit; }
                    echo 'full body, ims=', $_SERVER['HTTP_IF_MODIFIED_SINCE'] ?? '(unset)', "\n";
                    """,
            });
            var tcp = $"127.0.0.1:{Php.Port}";
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                fastcgi_cache_path fcgi_cache levels=1:2 keys_zone=php:1m;
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{Php.Root}};
                    add_header X-Cache "$upstream_cache_status" always;
                    location ~ \.php$ {
                        fastcgi_pass {{tcp}};
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
                        fastcgi_cache php;
                        fastcgi_cache_key $request_uri;
                        fastcgi_cache_valid 200 1m;
                        fastcgi_cache_bypass $arg_bypass;
                        fastcgi_cache_revalidate on;
                    }
                }
                """);
        }

        public PhpFpmInstance Php { get; }
        public DifferentialPair Pair { get; }

        public void Dispose()
        {
            Pair.Dispose();
            Php.Dispose();
        }
    }

    private async Task<(RawResponse Nginx, RawResponse Ours)> GetAsync(string path, string extraHeaders = "") =>
        await servers.Pair.SendAsync(RawHttp.Get(path, "example.com", extraHeaders));

    [Fact]
    public async Task SecondRequest_IsAHitWithTheStoredBody()
    {
        var (nginxMiss, oursMiss) = await GetAsync("/unique.php?t=hit", "If-Modified-Since: Thu, 01 Jan 2015 00:00:00 GMT\r\n");
        var (nginxHit, oursHit) = await GetAsync("/unique.php?t=hit");
        Assert.Equal(("MISS", "HIT"), (nginxMiss.Header("X-Cache"), nginxHit.Header("X-Cache")));
        Assert.Equal(("MISS", "HIT"), (oursMiss.Header("X-Cache"), oursHit.Header("X-Cache")));
        Assert.Equal(oursMiss.Body, oursHit.Body);
        // a cached request never passes the client's conditional headers (ngx_http_fastcgi_cache_headers)
        Assert.EndsWith("ims=(unset)\n", nginxMiss.Body);
        Assert.EndsWith("ims=(unset)\n", oursMiss.Body);
    }

    [Fact]
    public async Task Bypass_GoesToPhpEachTime()
    {
        var (nginxFirst, oursFirst) = await GetAsync("/unique.php?t=bypass&bypass=1");
        var (nginxSecond, oursSecond) = await GetAsync("/unique.php?t=bypass&bypass=1");
        Assert.Equal(("BYPASS", "BYPASS"), (nginxFirst.Header("X-Cache"), nginxSecond.Header("X-Cache")));
        Assert.Equal(("BYPASS", "BYPASS"), (oursFirst.Header("X-Cache"), oursSecond.Header("X-Cache")));
        Assert.NotEqual(oursFirst.Body, oursSecond.Body);
    }

    [Fact]
    public async Task ExpiredEntry_IsRevalidatedWithItsLastModified()
    {
        var (nginxMiss, oursMiss) = await GetAsync("/reval.php");
        Assert.Equal("MISS", nginxMiss.Header("X-Cache"));
        Assert.Equal("MISS", oursMiss.Header("X-Cache"));
        // max-age=1: the entry has expired once two seconds have passed, however late this runs
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var (nginx, ours) = await GetAsync("/reval.php");
        Assert.Equal(nginx.Status, ours.Status);
        Assert.Equal("REVALIDATED", nginx.Header("X-Cache"));
        Assert.Equal("REVALIDATED", ours.Header("X-Cache"));
        Assert.Equal(nginxMiss.Body, nginx.Body);
        Assert.Equal(oursMiss.Body, ours.Body);
    }

    [Theory]
    [InlineData("fastcgi_cache_path c keys_zone=z:1m; server { location / { fastcgi_pass 127.0.0.1:9000; fastcgi_cache z; } }")]
    [InlineData("scgi_cache_path c keys_zone=z:1m; server { location / { scgi_pass 127.0.0.1:9000; scgi_cache z; scgi_cache_key $uri; } }")]
    [InlineData("uwsgi_cache_path c keys_zone=z:1m; server { location / { uwsgi_pass 127.0.0.1:9000; uwsgi_cache z; uwsgi_cache_key $uri; uwsgi_cache_valid 200 1m; } }")]
    [InlineData("server { location / { fastcgi_pass 127.0.0.1:9000; fastcgi_cache none; fastcgi_cache_key $uri; } }")]
    [InlineData("fastcgi_cache_path c keys_zone=z:1m; scgi_cache_path d keys_zone=z:1m;")]
    [InlineData("fastcgi_cache_path c keys_zone=z:1m; server { location / { fastcgi_pass 127.0.0.1:9000; fastcgi_cache off; } }")]
    public void CacheConfig_SameVerdictAsNginx(string body) =>
        NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n", sameLine: false);
}
