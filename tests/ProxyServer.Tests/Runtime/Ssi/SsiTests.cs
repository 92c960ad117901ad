using System.Text;
using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Gzip;

namespace ProxyServer.Tests.Runtime.Ssi;

/// <summary>
/// SSI pages served by nginx and by us with one config: every command (include virtual/file with wait, set and
/// stub; echo with default and encodings; set; if/elif/else with regexes and captures; config; block), errors and
/// their messages, pages from files, from a proxy, from <c>return</c>, nested includes, with gzip: same status, same
/// headers a filter touches, same bytes, and the same error-log lines.
/// </summary>
public sealed class SsiTests(SsiTests.Servers servers) : IClassFixture<SsiTests.Servers>
{
    public sealed class Servers() : FilterSitePair(Config)
    {
        private const string P0 = "{{P0}}";
        private const string P1 = "{{P1}}";

        private static string Config(GzipSite site)
        {
            var root = site.Root;
            site.Write("echo.html", "X<!--#echo var=\"arg_a\" -->X<!--#echo var=\"arg_b\" default=\"dflt\" -->X<!--#echo var=\"arg_c\" default=\"\" -->X<!--#echo var=\"no_such_var\" -->X");
            site.Write("enc.html", "<!--#set var=\"v\" value=\"$arg_v\" -->[<!--#echo var=\"v\" -->][<!--#echo var=\"v\" encoding=\"url\" -->][<!--#echo var=\"v\" -->][<!--#echo var=\"v\" encoding=\"none\" -->][<!--#echo var=\"v\" encoding=\"bogus\" -->]");
            site.Write("set.html", "<!--#set var=\"a\" value=\"1${arg_x}2\" --><!--#set var=\"b\" value=\"$a-\\$a-\\n-\\\\\" --><!--#echo var=\"b\" -->|<!--#echo var=\"A\" -->|<!--#echo var=\"uri\" -->");
            site.Write("inc/part.html", "[part $<!--#echo var=\"arg_p\" -->]");
            site.Write("inc.html", "A<!--#include virtual=\"/inc/part.html?p=1\" -->B<!--#include virtual=\"inc/part.html?p=2\" -->C<!--#include file=\"inc/part.html\" -->D<!--#include virtual=\"/inc/pa%72t.html?p=3\" wait=\"yes\" -->E");
            site.Write("nested.html", "1<!--#include virtual=\"/inc.html\" -->2");
            site.Write("setinc.html", "<!--#include virtual=\"/inc/part.html?p=9\" set=\"got\" -->got=<!--#echo var=\"got\" -->|<!--#include virtual=\"/nothing.html\" set=\"none\" -->none=<!--#echo var=\"none\" default=\"unset\" -->|");
            site.Write("stub.html", "<!--#block name=\"one\" -->STUB <!--#echo var=\"arg_s\" --><!--#endblock -->a<!--#include virtual=\"/nothing.html\" stub=\"one\" -->b<!--#include virtual=\"/empty.html\" stub=\"one\" -->c<!--#include virtual=\"/inc/part.html\" stub=\"one\" -->d");
            site.Write("if.html", "<!--#if expr=\"$arg_x = /^(a+)(?P<tail>b*)/\" -->M1=<!--#echo var=\"1\" --> tail=<!--#echo var=\"tail\" --><!--#elif expr=\"$arg_x = abc\" -->EQ<!--#elif expr=\"$arg_x != \\/x\" -->NE<!--#else -->ELSE<!--#endif -->|<!--#if expr=\"$arg_y\" -->Y<!--#endif -->|<!--#if expr=\"${arg_x}Z = /Z/\" -->Z<!--#else -->noZ<!--#endif -->");
            site.Write("config.html", "<!--#config timefmt=\"[fmt]\" errmsg=\"(oops)\" -->d=<!--#echo var=\"date_gmt\" -->|<!--#bogus -->|<!--#echo -->|<!--#echo var=\"a\" var=\"b\" -->|<!--#echo var=\"a\" what=\"b\" -->");
            site.Write("errors.html", "1<!--#include -->2<!--#include virtual=\"/a\" file=\"/b\" -->3<!--#include virtual=\"/a\" wait=\"maybe\" -->4<!--#include file=\"/a\" wait=\"yes\" -->5<!--#include virtual=\"/a\" stub=\"nope\" -->6<!--#else -->7<!--#if expr=\"$x ~ y\" -->8<!--#echo var=\"x\" ' -->9<!--#echo var = \"x\" -->10<!--#echo var=\"${x\" -->11<!--#set var=\"x\" value=\"$\" -->12<!--#include virtual=\"/../etc/passwd\" -->13<!--#if expr=\"$x = /(/\" -->14<!--#verylongcommandnamethatgoesonandonandon -->15<!--#echo var=\"1234567890123456789012345678901234567890\" -->16<!--#echo var=\"x\"-->17");
            site.Write("partial.html", "a<b<!c<!-d<!--e<!--#echo var=\"arg_a\" -->f<!--#echo var=\"arg_a\" --");
            site.Write("silent.html", "a<!--#bogus -->b<!--#include virtual=\"/nothing.html\" -->c");
            site.Write("long.html", "<!--#set var=\"x\" value=\"0123456789\" --><!--#echo var=\"x\" -->|<!--#set var=\"y\" value=\"0123456789ABC\" --><!--#echo var=\"y\" -->");
            site.Write("self.html", "s<!--#include virtual=\"/self.html\" -->");
            site.Write("page.txt", "t<!--#echo var=\"arg_a\" -->t");
            var big = new StringBuilder();
            for (var i = 0; big.Length < 200000; i++) big.Append("line ").Append(i).Append(" <!--#echo var=\"arg_a\" --> and <!--#include virtual=\"/inc/part.html?p=").Append(i % 7).Append("\" -->\n");
            site.Write("bigssi.html", big.ToString());
            return $$"""
                server {
                    listen 127.0.0.1:{{P1}};
                    root {{root}};
                }
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{root}};
                    ssi on;
                    location /px/ { proxy_pass http://127.0.0.1:{{P1}}/; }
                    location /gz/ { gzip on; gzip_min_length 1; alias {{root}}/; }
                    location /silent/ { ssi_silent_errors on; alias {{root}}/; }
                    location /short/ { ssi_value_length 10; alias {{root}}/; }
                    location /types/ { ssi_types text/plain; alias {{root}}/; }
                    location /lm/ { ssi_last_modified on; alias {{root}}/; }
                    location /off/ { ssi off; alias {{root}}/; }
                    location /ret { default_type text/html; return 200 'r<!--#echo var="arg_a" -->r'; }
                    location /e404 { error_page 404 /inc/part.html; return 404; }
                }
                """;
        }
    }

    [Theory]
    [InlineData("/echo.html?a=A&c=")]
    [InlineData("/echo.html")]
    [InlineData("/enc.html?v=%3Cb%3E%20%26%22'%23x")]
    [InlineData("/set.html?x=X")]
    [InlineData("/inc.html")]
    [InlineData("/nested.html")]
    [InlineData("/setinc.html")]
    [InlineData("/stub.html?s=S")]
    [InlineData("/if.html?x=aabb")]
    [InlineData("/if.html?x=abc&y=1")]
    [InlineData("/if.html?x=q")]
    [InlineData("/if.html?x=x")]
    [InlineData("/config.html")]
    [InlineData("/errors.html")]
    [InlineData("/partial.html?a=A")]
    [InlineData("/silent/silent.html")]
    [InlineData("/silent.html")]
    [InlineData("/short/long.html")]
    [InlineData("/long.html")]
    [InlineData("/page.txt?a=A")]
    [InlineData("/types/page.txt?a=A")]
    [InlineData("/lm/echo.html")]
    [InlineData("/off/echo.html")]
    [InlineData("/px/inc.html")]
    [InlineData("/px/bigssi.html?a=A")]
    [InlineData("/bigssi.html?a=A")]
    [InlineData("/ret?a=A")]
    [InlineData("/e404")]
    [InlineData("/empty.html")]
    [InlineData("/echo.html?a=A")]
    public async Task Page_SameAsNginx(string target)
    {
        var request = $"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        await GzipSite.AssertSameAsync(servers.Pair, request);
    }

    [Fact]
    public async Task GzippedPage_SameBytesOnceDecoded()
    {
        var request = "GET /gz/inc.html HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n";
        await GzipSite.AssertSameAsync(servers.Pair, request);
    }

    [Fact]
    public async Task HeadOfPage_SameAsNginx()
    {
        await GzipSite.AssertSameAsync(servers.Pair, "HEAD /inc.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    [Fact]
    public async Task RangeOfPage_WholePageAsNginx()
    {
        await GzipSite.AssertSameAsync(servers.Pair, "GET /echo.html?a=A HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-3\r\nConnection: close\r\n\r\n");
    }

    [Fact]
    public async Task SelfInclude_StopsAtNginxsDepth()
    {
        await GzipSite.AssertSameAsync(servers.Pair, "GET /self.html?m=selfdepth HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.Equal(string.Join('\n', ErrorLines(servers.Pair.Nginx.ErrorLog, "m=selfdepth")), string.Join('\n', ErrorLines(servers.Pair.Ours.ErrorLog, "m=selfdepth")));
    }

    [Theory]
    [InlineData("/errors.html?m=errs")]
    [InlineData("/config.html?m=conf")]
    [InlineData("/enc.html?v=x&m=enc")]
    [InlineData("/short/long.html?m=short")]
    [InlineData("/inc.html?m=incs")]
    public async Task Errors_LoggedAsNginxLogsThem(string target)
    {
        var marker = target[(target.IndexOf("m=", StringComparison.Ordinal) + 2)..];
        await GzipSite.AssertSameAsync(servers.Pair, $"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        var expected = ErrorLines(servers.Pair.Nginx.ErrorLog, "m=" + marker);
        Assert.Equal(string.Join('\n', expected), string.Join('\n', ErrorLines(servers.Pair.Ours.ErrorLog, "m=" + marker)));
    }

    /// <summary>The error-log lines holding <paramref name="marker"/>, without time, pid and connection number, in order.</summary>
    private static string[] ErrorLines(string log, string marker) => log.Split('\n')
        .Where(l => l.Contains(marker, StringComparison.Ordinal) && !l.Contains("[info]", StringComparison.Ordinal))
        .Select(l => Regex.Replace(l, @"^.*?\[(\w+)\] \d+#\d+: \*\d+ ", "[$1] "))
        .Select(l => Regex.Replace(l, @"host: ""[^""]*""", "host"))
        .Select(l => l.TrimEnd('\r'))
        .ToArray();
}
