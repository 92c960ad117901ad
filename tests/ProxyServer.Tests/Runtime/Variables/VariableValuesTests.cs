using System.Net;
using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Variables;

/// <summary>
/// The variables added to close nginx's index (connection, body, browser, SSI dates, userid, upstream header,
/// cookie and byte counts, TLS) evaluate as Debian's nginx 1.22 evaluates them on the same requests.
/// </summary>
public sealed partial class VariableValuesTests
{
    private const string Core =
        "arg[$arg_] cookie[$cookie_] http[$http_] sent[$sent_http_] pipe[$pipe] h2[$http2] rb[$request_body] rbf[$request_body_file] "
        + "msie[$msie] mb[$modern_browser] ab[$ancient_browser] uid[$uid_got|$uid_set|$uid_reset] sr[$slice_range] st[$sent_trailer_x] "
        + "pib[$proxy_internal_body_length|$proxy_internal_chunked]";

    private const string Browsers = "mb[$modern_browser] ab[$ancient_browser] msie[$msie]";

    private static readonly string[] Agents =
    [
        "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)",
        "Mozilla/4.0 (compatible; MSIE 5.5; Windows 98)",
        "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0; en) Opera 8.0",
        "Opera/9.01 (X11; FreeBSD 6 i386; U; en)",
        "Mozilla/5.0 (X11; U; Linux i686; en-US; rv:1.0.0) Gecko/20020610",
        "Mozilla/5.0 (X11; U; Linux i686; en-US; rv:0.9.4) Gecko/20011019",
        "Mozilla/5.0 (Macintosh; U; PPC Mac OS X; en) AppleWebKit/418 (KHTML, like Gecko) Safari/417.9.3",
        "Mozilla/4.72 [en] (X11; U; Linux 2.2.14 i686)",
        "Links (2.1pre15; Linux 2.4.26 i686; 158x61)",
        "Mozilla/5.0 (compatible; Konqueror/3.5; FreeBSD) KHTML/3.5.1 (like Gecko)",
        "curl/7.88.1",
    ];

    [Fact]
    public async Task CoreAndBrowserVariables_AreNginxs()
    {
        using var pair = DifferentialPair.StartHttp(
            "server { listen 127.0.0.1:{{P0}}; ancient_browser_value old;\n"
            + "  location /v { return 200 \"" + Core + "\\n\"; }\n"
            + "  location /own { ancient_browser_value own; return 200 \"" + Browsers + "\\n\"; }\n"
            + "  location /inherited { return 200 \"" + Browsers + "\\n\"; }\n"
            + "}\n"
            + "server { listen 127.0.0.1:{{P1}}; location / { return 200 \"" + Browsers + "\\n\"; } }\n", portCount: 2);
        await pair.AssertSameAsync("GET /v?=x&a=1 HTTP/1.0\r\nHost: a\r\nCookie: =v; b=2\r\n\r\n");
        await pair.AssertSameAsync("GET /v?arg_=1 HTTP/1.0\r\nHost: a\r\n\r\n");
        foreach (var (location, port) in new[] { ("/v", 0), ("/own", 0), ("/inherited", 0), ("/", 1) })
        {
            await pair.AssertSameAsync($"GET {location} HTTP/1.0\r\nHost: a\r\n\r\n", port);
            foreach (var agent in Agents)
                await pair.AssertSameAsync($"GET {location} HTTP/1.0\r\nHost: a\r\nUser-Agent: {agent}\r\n\r\n", port);
        }
    }

    [Fact]
    public async Task ConnectionRequests_CountsTheRequestsOfOneConnection()
    {
        using var pair = DifferentialPair.StartHttp("server { listen 127.0.0.1:{{P0}}; location / { return 200 \"$connection_requests|$pipe\"; } }\n");
        foreach (var port in new[] { pair.NginxPort(), pair.OurPort() })
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
            var answers = new List<string>();
            for (var i = 0; i < 3; i++) answers.Add(await client.GetStringAsync($"http://127.0.0.1:{port}/"));
            Assert.Equal(["1|.", "2|.", "3|."], answers);
        }
    }

    [Fact]
    public async Task SsiDates_HaveNginxsFormat()
    {
        using var pair = DifferentialPair.StartHttp("server { listen 127.0.0.1:{{P0}}; location / { return 200 \"$date_local|$date_gmt\"; } }\n");
        var (nginx, ours) = await pair.SendAsync("GET / HTTP/1.0\r\nHost: a\r\n\r\n");
        Assert.Equal(Clockless(nginx.Body), Clockless(ours.Body));
        Assert.Matches(@"^[A-Z][a-z]+day, \d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d \S+\|[A-Z][a-z]+day, \d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d GMT$", ours.Body);
    }

    private static string Clockless(string text) => Clock().Replace(text, "HH:MM:SS");

    [GeneratedRegex(@"\d\d:\d\d:\d\d")]
    private static partial Regex Clock();

    [Fact]
    public async Task TcpInfoAndConnectionTime_AreNumbers()
    {
        using var pair = DifferentialPair.StartHttp(
            "server { listen 127.0.0.1:{{P0}}; location / { return 200 \"$tcpinfo_rtt|$tcpinfo_rttvar|$tcpinfo_snd_cwnd|$tcpinfo_rcv_space|$connection_time\"; } }\n");
        var (nginx, ours) = await pair.SendAsync("GET / HTTP/1.0\r\nHost: a\r\n\r\n");
        foreach (var body in new[] { nginx.Body, ours.Body })
            Assert.Matches(@"^\d+\|\d+\|\d+\|\d+\|\d+\.\d{3}$", body);
        // The congestion window and receive space of a fresh loopback connection are the kernel's, whoever asks.
        Assert.Equal(nginx.Body.Split('|')[2..4], ours.Body.Split('|')[2..4]);
    }

    [Fact]
    public async Task UpstreamHeadersCookiesBytesAndRequestBody_AreNginxs()
    {
        var backendPort = FreePort.Next();
        using var backend = NginxInstance.StartHttp(
            $"server {{ listen 127.0.0.1:{backendPort}; location / {{ add_header X-Up one; add_header X-Up two; add_header Set-Cookie \"sid = abc; Path=/\"; "
            + "add_header Set-Cookie \"Other=1\"; return 200 \"backend\\n\"; } }\n", backendPort);
        using var pair = DifferentialPair.StartHttp(
            "server { listen 127.0.0.1:{{P0}}; location / { proxy_pass http://127.0.0.1:" + backendPort + "; "
            + "add_header X-Vars \"[$upstream_http_x_up][$upstream_http_server][$upstream_http_content_length][$upstream_cookie_sid][$upstream_cookie_other][$upstream_cookie_path]"
            + "[$upstream_http_][$upstream_trailer_x][$upstream_bytes_received][$upstream_bytes_sent][$request_body][$proxy_internal_body_length]\"; } }\n");
        var small = "POST /p HTTP/1.0\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
        var large = "POST /p HTTP/1.0\r\nHost: a\r\nContent-Length: 20000\r\n\r\n" + new string('x', 20000);
        foreach (var request in new[] { "GET /g HTTP/1.0\r\nHost: a\r\n\r\n", small, large })
        {
            var (nginx, ours) = await pair.SendAsync(request);
            Assert.Equal(200, ours.Status);
            Assert.Equal(nginx.Header("X-Vars"), ours.Header("X-Vars"));
        }
    }

    [Fact]
    public async Task TlsVariables_AreNginxs()
    {
        using var certificates = new TlsCertificates();
        certificates.Server("localhost");
        certificates.Client("client", "CN=client one, O=\"Acme, Inc.\", C=US");
        const string vars = "alpn[$ssl_alpn_protocol] reused[$ssl_session_reused] early[$ssl_early_data] ciphers[$ssl_ciphers] curves[$ssl_curves] "
            + "s[$ssl_client_s_dn_legacy] i[$ssl_client_i_dn_legacy] remain[$ssl_client_v_remain]\\nescaped[$ssl_client_escaped_cert]\\ncert[$ssl_client_cert]";
        using var pair = DifferentialPair.StartHttp(
            "server { listen 127.0.0.1:{{P0}} ssl; ssl_certificate " + certificates.CertPath("localhost") + "; ssl_certificate_key " + certificates.KeyPath("localhost") + ";\n"
            + "  ssl_verify_client optional; ssl_client_certificate " + certificates.CaPath + ";\n"
            + "  location / { return 200 \"" + vars + "\\n\"; } }\n"
            + "server { listen 127.0.0.1:{{P1}}; location / { return 200 \"alpn[$ssl_alpn_protocol] reused[$ssl_session_reused] ciphers[$ssl_ciphers]\"; } }\n", portCount: 2);
        foreach (var options in new[] { new[] { "--http1.1" }, ["--http1.1", "--cert", certificates.CertPath("client"), "--key", certificates.KeyPath("client")] })
        {
            var nginx = await Curl.RunAsync(["-sk", .. options, $"https://127.0.0.1:{pair.NginxPort()}/"]);
            var ours = await Curl.RunAsync(["-sk", .. options, $"https://127.0.0.1:{pair.OurPort()}/"]);
            Assert.Equal(0, ours.ExitCode);
            Assert.Equal(nginx.Output, ours.Output);
        }
        await pair.AssertSameAsync("GET / HTTP/1.0\r\nHost: a\r\n\r\n", portIndex: 1);
    }

    [Fact]
    public async Task Set_DefinesPrefixNamesAndOverridesSettableVariables_AsNginx()
    {
        using var pair = DifferentialPair.StartHttp(
            "map $uri $mapped { default m; }\n"
            + "server { listen 127.0.0.1:{{P0}};\n"
            + "  location /set { set $http_foo bar; set $mapped s; set $msie yes; set $uid_reset r; return 200 \"[$http_foo][$http_baz][$mapped][$msie][$uid_reset]\\n\"; }\n"
            + "  location /unset { return 200 \"[$http_foo][$http_baz][$mapped][$msie][$uid_reset]\\n\"; }\n"
            + "}\n");
        foreach (var location in new[] { "/set", "/unset" })
            await pair.AssertSameAsync($"GET {location} HTTP/1.0\r\nHost: a\r\nFoo: header\r\nBaz: z\r\n\r\n");
    }
}
