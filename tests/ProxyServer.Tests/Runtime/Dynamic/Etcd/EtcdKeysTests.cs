using ProxyServer.Runtime.Dynamic.Etcd;

namespace ProxyServer.Tests.Runtime.Dynamic.Etcd;

public class EtcdKeysTests
{
    [Theory]
    [InlineData("/proxy/hosts/", new byte[] { (byte)'/', (byte)'p', (byte)'r', (byte)'o', (byte)'x', (byte)'y', (byte)'/', (byte)'h', (byte)'o', (byte)'s', (byte)'t', (byte)'s', (byte)'0' })]
    [InlineData("a\u00ff", new byte[] { (byte)'a', 0xc3, 0xc0 })]
    [InlineData("", new byte[] { 0 })]
    public void PrefixEnd_LastByteIncremented(string prefix, byte[] expected) =>
        Assert.Equal(expected, EtcdKeys.PrefixEnd(prefix).ToByteArray());
}
