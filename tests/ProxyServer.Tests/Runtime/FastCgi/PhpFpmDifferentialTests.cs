using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.FastCgi;

/// <summary>
/// fastcgi_pass to Debian's PHP-FPM, through Debian's nginx and through us, with Debian's own
/// <c>/etc/nginx/fastcgi_params</c>: the same status, Location, body and the headers that matter, and the same
/// error-log lines, for scripts that print what PHP received (params, PATH_INFO, bodies), set a status,
/// redirect, write to stderr, answer big, or take longer than fastcgi_read_timeout.
/// </summary>
public sealed class PhpFpmDifferentialTests(PhpFpmDifferentialTests.Servers servers) : IClassFixture<PhpFpmDifferentialTests.Servers>
{
    private const string InfoScript = """
        <?php
        header("X-Script: info");
        foreach (['REQUEST_METHOD', 'SCRIPT_NAME', 'SCRIPT_FILENAME', 'PATH_INFO', 'QUERY_STRING', 'REQUEST_URI', 'DOCUMENT_URI',
                  'DOCUMENT_ROOT', 'CONTENT_LENGTH', 'CONTENT_TYPE', 'GATEWAY_INTERFACE', 'SERVER_PROTOCOL', 'REQUEST_SCHEME',
                  'REMOTE_ADDR', 'SERVER_ADDR', 'SERVER_NAME', 'REDIRECT_STATUS', 'HTTP_HOST', 'HTTP_X_CUSTOM', 'HTTP_COOKIE'] as $k) {
            echo $k, '=', $_SERVER[$k] ?? '(unset)', "\n";
        }
        $body = file_get_contents('php://input');
        echo 'body=', strlen($body), ' md5=', md5($body), "\n";
        """;

    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            Php = PhpFpmInstance.Start(new Dictionary<string, string>
            {
                ["info.php"] = InfoScript,
                ["sub/index.php"] = "<?php echo 'index of sub: ', $_SERVER['SCRIPT_NAME'], \"\\n\";",
                ["status.php"] = "<?php header('Status: 404 Not Found'); echo \"not here\\n\";",
                ["teapot.php"] = "<?php http_response_code(418); echo \"short and stout\\n\";",
                ["redirect.php"] = "<?php header('Location: /landed'); echo \"moving\\n\";",
                ["redirect-absolute.php"] = "<?php header('Location: http://example.com/over-there', true, 301);",
                ["big.php"] = "<?php for ($i = 0; $i < 20000; $i++) { echo str_pad((string)$i, 99, '.'), \"\\n\"; }",
                ["stderr.php"] = "<?php error_log('written to stderr by the script'); echo \"still answered\\n\";",
                ["slow.php"] = "<?php sleep(3); echo \"too late\\n\";",
                ["headers.php"] = "<?php header('X-Custom: custom'); header('X-Accel-Buffering: no'); header('X-Other: other'); echo \"headers\\n\";",
            });
            var root = Php.Root;
            var tcp = $"127.0.0.1:{Php.Port}";
            const string P0 = "{{P0}}";
            Pair = DifferentialPair.StartHttp($$"""
                client_max_body_size 2m;
                upstream php_group { server {{tcp}}; keepalive 2; }
                upstream php_failover { server 127.0.0.1:1; server {{tcp}}; }
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{root}};
                    location ~ [^/]\.php(/|$) {
                        fastcgi_split_path_info ^(.+?\.php)(/.*)$;
                        fastcgi_pass {{tcp}};
                        fastcgi_index index.php;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
                        fastcgi_param PATH_INFO $fastcgi_path_info;
                        fastcgi_read_timeout 1s;
                    }
                    location /sub/ {
                        fastcgi_pass {{tcp}};
                        fastcgi_index index.php;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
                    }
                    location /unix/ {
                        fastcgi_pass unix:{{Php.Socket}};
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME {{root}}/info.php;
                    }
                    location /group/ {
                        fastcgi_pass php_group;
                        fastcgi_keep_conn on;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME {{root}}/info.php;
                    }
                    location /failover/ {
                        fastcgi_pass php_failover;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME {{root}}/info.php;
                    }
                    location /variable/ {
                        set $php {{tcp}};
                        fastcgi_pass $php;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME {{root}}/info.php;
                    }
                    location /intercept/ {
                        fastcgi_pass {{tcp}};
                        fastcgi_intercept_errors on;
                        error_page 404 = /error-page;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME {{root}}/status.php;
                    }
                    location /hidden/ {
                        fastcgi_pass {{tcp}};
                        fastcgi_hide_header X-Custom;
                        fastcgi_pass_header X-Accel-Buffering;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME {{root}}/headers.php;
                    }
                    location /no-headers/ {
                        fastcgi_pass {{tcp}};
                        fastcgi_pass_request_headers off;
                        fastcgi_pass_request_body off;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME {{root}}/info.php;
                    }
                    location /params/ {
                        fastcgi_pass {{tcp}};
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME {{root}}/info.php;
                        fastcgi_param HTTP_X_CUSTOM "set by the config";
                        fastcgi_param HTTP_COOKIE "";
                        fastcgi_param CONTENT_TYPE $arg_ct if_not_empty;
                    }
                    location = /error-page { return 200 "intercepted, upstream said $upstream_status\n"; }
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

    [Theory]
    [InlineData("/info.php")]
    [InlineData("/info.php?a=1&b=%20x")]
    [InlineData("/info.php/extra/path?q=1")]
    [InlineData("/missing.php")]
    [InlineData("/sub/")]
    [InlineData("/status.php")]
    [InlineData("/teapot.php")]
    [InlineData("/redirect.php")]
    [InlineData("/redirect-absolute.php")]
    [InlineData("/big.php")]
    [InlineData("/unix/x")]
    [InlineData("/group/x")]
    [InlineData("/failover/x")]
    [InlineData("/variable/x?v=1")]
    [InlineData("/intercept/x")]
    [InlineData("/no-headers/x")]
    [InlineData("/params/x")]
    [InlineData("/params/x?ct=text/x-test")]
    public async Task Get_SameAnswerAsNginx(string path) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get(path, "example.com", "X-Custom: from the client\r\nCookie: c=1\r\n"));

    [Fact]
    public async Task Get_StatusLineAndHeadersThatMatter_AreNginxs()
    {
        foreach (var path in new[] { "/info.php", "/status.php", "/redirect.php", "/hidden/x" })
        {
            var (nginx, ours) = await servers.Pair.SendAsync(RawHttp.Get(path, "example.com"));
            Assert.Equal(nginx.StatusLine.Replace("nginx/1.22.1", ""), ours.StatusLine);
            foreach (var name in new[] { "Content-Type", "X-Script", "X-Custom", "X-Accel-Buffering", "X-Other", "Status", "X-Powered-By" })
                Assert.True(nginx.Header(name) == ours.Header(name), $"{path}: {name}: nginx {nginx.Header(name)}, ours {ours.Header(name)}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(1024 * 1024)]
    public async Task Post_BodyArrivesWhole(int size)
    {
        var body = new string('b', size - 1) + "!";
        await servers.Pair.AssertSameAsync(
            $"POST /info.php HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n{body}");
    }

    [Fact]
    public async Task Post_Chunked_ArrivesWithItsLength() =>
        await servers.Pair.AssertSameAsync(
            "POST /info.php HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n");

    [Fact]
    public async Task Stderr_IsLoggedAsNginxLogsIt()
    {
        await servers.Pair.AssertSameAsync(RawHttp.Get("/stderr.php", "example.com"));
        Assert.Equal(ErrorLines(servers.Pair.Nginx.ErrorLog, "FastCGI sent in stderr"), ErrorLines(servers.Pair.Ours.ErrorLog, "FastCGI sent in stderr"));
    }

    [Fact]
    public async Task SlowScript_TimesOutAs504()
    {
        var ours = await servers.Pair.AssertSameAsync(RawHttp.Get("/slow.php", "example.com"));
        Assert.Equal(504, ours.Status);
        Assert.Equal(ErrorLines(servers.Pair.Nginx.ErrorLog, "upstream timed out"), ErrorLines(servers.Pair.Ours.ErrorLog, "upstream timed out"));
    }

    /// <summary>The error-log lines holding <paramref name="marker"/>, without time, pid and connection number, ports as P.</summary>
    private static string[] ErrorLines(string log, string marker) => log.Split('\n')
        .Where(l => l.Contains(marker, StringComparison.Ordinal))
        .Select(l => Regex.Replace(l, @"^.*?\[(\w+)\] \d+#\d+: \*\d+ ", "[$1] "))
        .Select(l => Regex.Replace(l, @"host: ""[^""]*""", "host"))
        .Distinct()
        .ToArray();
}
