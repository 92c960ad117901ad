using ProxyServer.Runtime.Dynamic.KvMap;

namespace ProxyServer.Tests.Runtime.Dynamic.KvMap;

public class KvMapValueTests
{
    [Theory]
    [InlineData("127.0.0.11:8080")]
    [InlineData("wordpress")]
    [InlineData("host_01.test.priv")]
    [InlineData("[::1]:8080")]
    [InlineData("backend-2.internal:443")]
    public void Validate_AddressOrUpstreamName_Accepted(string value) => Assert.Null(KvMapValue.Validate(value));

    [Theory]
    [InlineData("", "value is empty")]
    [InlineData("http://x", "value has an invalid port")]
    [InlineData("a b", "value is not an address or upstream name")]
    [InlineData("x/path", "value is not an address or upstream name")]
    [InlineData("127.0.0.1:70000", "value has an invalid port")]
    [InlineData("127.0.0.1:", "value has an invalid port")]
    [InlineData("[zz]:80", "value is not an address or upstream name")]
    public void Validate_Other_Refused(string value, string reason) => Assert.Equal(reason, KvMapValue.Validate(value));
}
