using System.Net;
using ProxyServer.Runtime.Dynamic.Dns;

namespace ProxyServer.Tests.Runtime.Dynamic.Dns;

public class ResolverSettingsParserTests
{
    [Fact]
    public void Parse_AddressesPortsAndParameters()
    {
        var settings = ResolverSettingsParser.Parse(["127.0.0.1", "127.0.0.2:5353", "[::1]:54", "valid=1m30s", "ipv6=off"], TimeSpan.FromSeconds(2));
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 53), new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5353), new IPEndPoint(IPAddress.IPv6Loopback, 54)], settings.Servers);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Valid);
        Assert.True(settings.Ipv4);
        Assert.False(settings.Ipv6);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Timeout);
    }

    [Fact]
    public void Validity_TtlUnlessValidIsSet_ErrorsTenSecondsUnlessValidIsSet()
    {
        var plain = ResolverSettingsParser.Parse(["127.0.0.1"]);
        Assert.Equal(TimeSpan.FromSeconds(7), plain.AnswerValidity(TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(10), plain.ErrorValidity);
        Assert.Equal(TimeSpan.FromSeconds(30), plain.Timeout);
        var valid = ResolverSettingsParser.Parse(["127.0.0.1", "valid=5s"]);
        Assert.Equal(TimeSpan.FromSeconds(5), valid.AnswerValidity(TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(5), valid.ErrorValidity);
    }

    [Theory]
    [InlineData("valid=x", "invalid parameter: valid=x")]
    [InlineData("ipv6=maybe", "invalid parameter: ipv6=maybe")]
    [InlineData("127.0.0.1:99999", "invalid port in resolver \"127.0.0.1:99999\"")]
    [InlineData("dns.example", "host not found in resolver \"dns.example\"")]
    public void Parse_BadArgument_NginxWording(string argument, string message)
    {
        var error = Assert.Throws<FormatException>(() => ResolverSettingsParser.Parse(["127.0.0.1", argument]));
        Assert.Equal(message, error.Message);
    }
}
