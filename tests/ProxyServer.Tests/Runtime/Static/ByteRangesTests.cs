using ProxyServer.Runtime.Http;

namespace ProxyServer.Tests.Runtime.Static;

/// <summary>nginx's Range parser on a 23-byte file (the same cases the differential tests send, plus edges).</summary>
public sealed class ByteRangesTests
{
    [Theory]
    [InlineData("bytes=0-4", "Partial", "0-5")]
    [InlineData("bytes=-3", "Partial", "20-23")]
    [InlineData("bytes=-30", "Partial", "0-23")]
    [InlineData("bytes=20-", "Partial", "20-23")]
    [InlineData("bytes=6-100", "Partial", "6-23")]
    [InlineData("bytes= 1 - 2 ", "Partial", "1-3")]
    [InlineData("bytes=0-1,3-4", "Partial", "0-2 3-5")]
    [InlineData("bytes=0-1,3-4,30-40", "Partial", "0-2 3-5")]
    [InlineData("bytes=0-1,1-30", "Whole", "")]
    [InlineData("bytes=0-", "Partial", "0-23")]
    [InlineData("bytes=30-40", "NotSatisfiable", "")]
    [InlineData("bytes=5-2", "NotSatisfiable", "")]
    [InlineData("bytes=x", "NotSatisfiable", "")]
    [InlineData("bytes=1-2;", "NotSatisfiable", "")]
    [InlineData("bytes=99999999999999999999-", "NotSatisfiable", "")]
    public void Parse_AsNginx(string header, string verdict, string expected)
    {
        var result = ByteRanges.Parse(header, 23, int.MaxValue, out var ranges);
        Assert.Equal(verdict, result.ToString());
        if (result == RangeVerdict.Partial) Assert.Equal(expected, string.Join(" ", ranges.Select(r => $"{r.Start}-{r.End}")));
    }

    [Fact]
    public void Parse_MoreRangesThanMaxRanges_SendsWholeFile() =>
        Assert.Equal(RangeVerdict.Whole, ByteRanges.Parse("bytes=0-1,3-4", 23, 1, out _));
}
