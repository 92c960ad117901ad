using System.Text;
using ProxyServer.Runtime.Waf.LibInjection;

namespace ProxyServer.Tests.Runtime.Waf.LibInjection;

/// <summary>Classic attacks are caught (fingerprints pinned from the C library) and everyday text is not.</summary>
public sealed class LibInjectionPayloadTests
{
    [Theory]
    [InlineData("1' OR '1'='1", "s&sos")]
    [InlineData("1 UNION SELECT password FROM users", "1UEnk")]
    [InlineData("' OR 1=1 --", "s&1c")]
    [InlineData("admin'--", "sc")]
    [InlineData("1; DROP TABLE users", "1;Tnn")]
    [InlineData("1 AND SLEEP(5)", "1&f(1")]
    [InlineData("-1' UNION SELECT 1,2,3 #", "sUE1o")]
    [InlineData("1' or 1.e(1) --", "s&(1)")] // caught since libinjection 4 (MySQL ignores "1.e")
    public void Sqli_Attack_IsDetectedWithItsFingerprint(string input, string fingerprint)
    {
        Assert.True(Sqli.IsSqli(Encoding.UTF8.GetBytes(input), out var print));
        Assert.Equal(fingerprint, print);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"&#106;avascript:alert(1)\">x</a>")]
    [InlineData("\"><svg onload=alert(1)>")]
    [InlineData("<iframe src=//evil>")]
    [InlineData("<div style=\"x:expression(alert(1))\">")]
    [InlineData("<!DOCTYPE html>")]
    public void Xss_Attack_IsDetected(string input) => Assert.True(Xss.IsXss(Encoding.UTF8.GetBytes(input)));

    [Theory]
    [InlineData("hello world")]
    [InlineData("O'Reilly")]
    [InlineData("foo@example.com")]
    [InlineData("Rock 'n' roll")]
    [InlineData("select a product")]
    [InlineData("1-2 of 10")]
    [InlineData("C# and .NET")]
    [InlineData("naïve café")]
    [InlineData("2024-01-01T10:00:00Z")]
    [InlineData("")]
    public void BenignText_IsNotSqli(string input) => Assert.False(Sqli.IsSqli(Encoding.UTF8.GetBytes(input)));

    [Theory]
    [InlineData("hello world")]
    [InlineData("O'Reilly")]
    [InlineData("a < b and c > d")]
    [InlineData("<b>bold</b> and <i>italic</i>")]
    [InlineData("<a href=\"https://example.com\">link</a>")]
    [InlineData("<p onefoo=\"1\">")]
    [InlineData("5 > 3")]
    [InlineData("")]
    public void BenignText_IsNotXss(string input) => Assert.False(Xss.IsXss(Encoding.UTF8.GetBytes(input)));

    [Fact]
    public void EventAttributes_FollowLibInjection4sList()
    {
        // libinjection 3 flagged every on* attribute; 4 (bundled by naxsi) only known events.
        Assert.True(Xss.IsXss("<a onmouseover=x>"u8));
        Assert.False(Xss.IsXss("<a onion=x>"u8));
    }

    [Fact]
    public void HostileInput_IsBoundedAndNeverThrows()
    {
        var random = new Random(6);
        var bytes = new byte[4096];
        for (var i = 0; i < 200; i++)
        {
            random.NextBytes(bytes);
            _ = Sqli.IsSqli(bytes.AsSpan(0, random.Next(bytes.Length)));
            _ = Xss.IsXss(bytes.AsSpan(0, random.Next(bytes.Length)));
        }
        var deep = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("((((/*'\"`$$", 20000)));
        _ = Sqli.IsSqli(deep);
        _ = Xss.IsXss(deep);
    }
}
