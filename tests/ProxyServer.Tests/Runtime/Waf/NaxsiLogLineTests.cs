using ProxyServer.Runtime.Waf.Engine;
using ProxyServer.Runtime.Waf.Logging;

namespace ProxyServer.Tests.Runtime.Waf;

public sealed class NaxsiLogLineTests
{
    [Fact]
    public void Format_IsNaxsiFmt_ScoresThenMatchesInZoneOrder()
    {
        var result = WafEngine.Inspect(WafTestConfig.Protected(), WafCase.Get("/x,y?uuu=b,c", WafVerdict.Pass).ToRequest());
        Assert.Equal(
            "NAXSI_FMT: ip=127.0.0.1&server=example.test&uri=%2Fx%2Cy&config=block&rid=0123abcd&cscore0=$SQL&score0=8" +
            "&zone0=URL&id0=1015&var_name0=&zone1=ARGS&id1=1015&var_name1=uuu",
            NaxsiLogLine.Format(result, "127.0.0.1", "example.test", "/x,y", "0123abcd"));
    }

    [Fact]
    public void Format_MarksNameMatches_AndEscapesTheSeparators()
    {
        var result = WafEngine.Inspect(WafTestConfig.Protected("LearningMode;"), WafCase.Get("/?%3Cs%26x%3E=1", WafVerdict.Pass).ToRequest());
        var line = NaxsiLogLine.Format(result, "::1", "h", "/", "r");
        Assert.StartsWith("NAXSI_FMT: ip=%3A%3A1&server=h&uri=%2F&config=learning&rid=r&cscore0=$XSS&score0=16", line);
        Assert.Contains("&zone0=ARGS|NAME&id0=1302&var_name0=%3Cs%26x%3E", line);
    }

    [Fact]
    public void FormatExtensive_IsOneNaxsiExlogLinePerMatch_WithTheContent()
    {
        var result = WafEngine.Inspect(WafTestConfig.Protected("LearningMode;"), WafCase.Get("/x,y?uuu=b,c&n%3C=a%26b", WafVerdict.Pass).ToRequest());
        // Every value percent-encoded but letters, digits and -._~ (the uri once, unlike NAXSI_FMT's).
        Assert.Equal(
        [
            "NAXSI_EXLOG: ip=127.0.0.1&server=example.test&rid=r1&uri=%2Fx%2Cy&id=1015&zone=URL&var_name=&content=%2Fx%2Cy",
            "NAXSI_EXLOG: ip=127.0.0.1&server=example.test&rid=r1&uri=%2Fx%2Cy&id=1015&zone=ARGS&var_name=uuu&content=b%2Cc",
            "NAXSI_EXLOG: ip=127.0.0.1&server=example.test&rid=r1&uri=%2Fx%2Cy&id=1302&zone=ARGS|NAME&var_name=n%3C&content=a%26b",
        ], result.Matches.Select(m => NaxsiLogLine.FormatExtensive(m, "127.0.0.1", "example.test", "/x,y", "r1")));
    }

    [Fact]
    public void JsonFormats_AreNaxsisDocumentedExample()
    {
        // docs/logs.md of naxsi: GET /x,y?uuu=b,c with the core rules.
        var result = WafEngine.Inspect(WafTestConfig.Protected(), WafCase.Get("/x,y?uuu=b,c", WafVerdict.Pass).ToRequest());
        Assert.Equal(
            """{"ip":"127.0.0.1","server":"localhost","uri":"/x,y","config":"block","rid":"1d27ac3c0b10bbb8783d109213f3f4cd","cscore0":"$SQL","score0":8,"zone0":"URL","id0":1015,"var_name0":"","zone1":"ARGS","id1":1015,"var_name1":"uuu"}""",
            NaxsiJsonLogLine.Format(result, "127.0.0.1", "localhost", "/x,y", "1d27ac3c0b10bbb8783d109213f3f4cd"));
        Assert.Equal(
        [
            """{"ip":"127.0.0.1","server":"localhost","rid":"1d27ac3c0b10bbb8783d109213f3f4cd","uri":"/x,y","id":1015,"zone":"URL","var_name":"","content":"/x,y"}""",
            """{"ip":"127.0.0.1","server":"localhost","rid":"1d27ac3c0b10bbb8783d109213f3f4cd","uri":"/x,y","id":1015,"zone":"ARGS","var_name":"uuu","content":"b,c"}""",
        ], result.Matches.Select(m => NaxsiJsonLogLine.FormatExtensive(m, "127.0.0.1", "localhost", "/x,y", "1d27ac3c0b10bbb8783d109213f3f4cd")));
    }

    [Fact]
    public void JsonStrings_AreEscapedByteByByte_AsNaxsiDoes()
    {
        var match = new WafMatch(ProxyServer.NginxConf.Naxsi.RequestZone.Args, 1001, "q", false, "a\"b\\c\nd\té\u0001");
        Assert.EndsWith("""
            "content":"a\"b\\c\nd\t\u00c3\u00a9\u0001"}
            """, NaxsiJsonLogLine.FormatExtensive(match, "::1", "h", "/", "r"));
    }
}
