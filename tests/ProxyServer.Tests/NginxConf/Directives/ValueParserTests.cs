using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>The public value parsers, on the forms nginx's ngx_parse_size / ngx_parse_time / ngx_atoi accept and refuse.</summary>
public sealed class ValueParserTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("512", 512L)]
    [InlineData("8k", 8192L)]
    [InlineData("8K", 8192L)]
    [InlineData("10m", 10485760L)]
    [InlineData("10M", 10485760L)]
    public void Size_Valid(string text, long bytes)
    {
        Assert.True(NginxSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")]
    [InlineData("1g")]
    [InlineData("-1")]
    [InlineData("1.5m")]
    [InlineData("10 m")]
    [InlineData("10mb")]
    public void Size_Invalid(string text) => Assert.False(NginxSize.TryParse(text, out _));

    [Fact]
    public void Offset_AcceptsGiga()
    {
        Assert.True(NginxSize.TryParseOffset("2g", out var bytes));
        Assert.Equal(2L * 1024 * 1024 * 1024, bytes);
    }

    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h 30m", 5_400_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("2w", 1_209_600_000)]
    [InlineData("1m 1s 1ms", 61_001)]
    [InlineData("1m30s", 90_000)]       // ngx_parse_time reads unit by unit: no space needed
    [InlineData("1h1m1", 3_661_000)]    // a trailing number is seconds
    [InlineData("5 ", 5_000)]
    [InlineData("30d", int.MaxValue)]   // accepted as nginx 1.22 does, held at what a timer can wait
    public void Time_Milliseconds_Valid(string text, long milliseconds)
    {
        Assert.True(NginxTime.TryParse(text, out var value));
        Assert.Equal(milliseconds, (long)value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("1y")]          // years and months overflow millisecond slots: nginx refuses them there
    [InlineData("1M")]
    [InlineData("30m 1h")]      // units must decrease
    [InlineData("1s 1s")]
    [InlineData("10x")]
    [InlineData("-5s")]
    [InlineData("1ss")]
    [InlineData("1s 1m")]
    public void Time_Milliseconds_Invalid(string text) => Assert.False(NginxTime.TryParse(text, out _));

    [Theory]
    [InlineData("1y", 31_536_000)]
    [InlineData("1M", 2_592_000)]
    [InlineData("12h", 43_200)]
    [InlineData("90", 90)]
    public void Time_Seconds_Valid(string text, long seconds)
    {
        Assert.True(NginxTime.TryParseSeconds(text, out var value));
        Assert.Equal(seconds, (long)value.TotalSeconds);
    }

    [Fact]
    public void Time_Seconds_RefusesMilliseconds() => Assert.False(NginxTime.TryParseSeconds("500ms", out _));

    [Theory]
    [InlineData("on", true, true)]
    [InlineData("OFF", true, false)]
    [InlineData("yes", false, false)]
    public void Flag(string text, bool valid, bool value)
    {
        Assert.Equal(valid, NginxFlag.TryParse(text, out var parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData(Arity.Take1, 1, true)]
    [InlineData(Arity.Take1, 0, false)]
    [InlineData(Arity.Take12, 2, true)]
    [InlineData(Arity.Take12, 3, false)]
    [InlineData(Arity.NoArgs, 0, true)]
    [InlineData(Arity.Flag, 2, false)]
    [InlineData(Arity.OneOrMore, 9, true)]
    [InlineData(Arity.TwoOrMore, 1, false)]
    [InlineData(Arity.Any, 0, true)]
    [InlineData(Arity.Take7, 8, false)]
    public void Arity_Accepts(Arity arity, int count, bool expected) => Assert.Equal(expected, arity.Accepts(count));
}
