using System.Net;
using ProxyServer.Runtime.Dynamic.Dns;

namespace ProxyServer.Tests.Runtime.Dynamic.Dns;

public class ResolverDenyListTests
{
    [Theory]
    [InlineData("169.254.169.254", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.0.0.0", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::ffff:169.254.1.1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("192.0.2.7", true)]
    [InlineData("192.0.2.8", false)]
    public void Denies_AddressesInListedRanges(string address, bool denied)
    {
        var list = ResolverDenyList.Parse(["169.254.0.0/16", "10.0.0.0/8", "fd00::/8", "192.0.2.7"]);
        Assert.Equal(denied, list.Denies(IPAddress.Parse(address)));
    }

    [Fact]
    public void Parse_NotARange_Refused()
    {
        var error = Assert.Throws<FormatException>(() => ResolverDenyList.Parse(["10.0.0.0/33"]));
        Assert.Equal("invalid parameter \"10.0.0.0/33\"", error.Message);
    }
}
