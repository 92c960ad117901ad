using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Static;

namespace ProxyServer.Tests.Runtime.Static;

/// <summary>ngx_http_test_if_match and the HTTP date forms nginx reads.</summary>
public sealed class PreconditionsTests
{
    [Theory]
    [InlineData("\"abc\"", "\"abc\"", false, true)]
    [InlineData("*", null, false, true)]
    [InlineData("\"x\", \"abc\"", "\"abc\"", false, true)]
    [InlineData("\"x\" ,\t\"abc\" ", "\"abc\"", false, true)]
    [InlineData("\"abcd\"", "\"abc\"", false, false)]
    [InlineData("W/\"abc\"", "\"abc\"", false, false)]
    [InlineData("W/\"abc\"", "\"abc\"", true, true)]
    [InlineData("\"abc\"", "W/\"abc\"", true, true)]
    [InlineData("\"abc\"", null, true, false)]
    public void Matches_AsNginx(string list, string? etag, bool weak, bool expected) =>
        Assert.Equal(expected, Preconditions.Matches(list, etag, weak));

    [Theory]
    [InlineData("Tue, 02 Jan 2024 03:04:05 GMT")]
    [InlineData("Tuesday, 02-Jan-24 03:04:05 GMT")]
    [InlineData("Tue Jan  2 03:04:05 2024")]
    public void HttpTime_ReadsTheThreeForms(string text) => Assert.Equal(1704164645, HttpTime.Parse(text));

    [Fact]
    public void HttpTime_WritesRfc1123() => Assert.Equal("Tue, 02 Jan 2024 03:04:05 GMT", HttpTime.Format(1704164645));

    [Theory]
    [InlineData("/a/b.TXT", "TXT")]
    [InlineData("/a/.hidden", "")]
    [InlineData("/a.b/c", "")]
    [InlineData("/a/b.tar.gz", "gz")]
    [InlineData("/.x", "")]
    public void Extension_AsNginxExten(string uri, string expected) => Assert.Equal(expected, MimeTypes.Extension(uri));
}
