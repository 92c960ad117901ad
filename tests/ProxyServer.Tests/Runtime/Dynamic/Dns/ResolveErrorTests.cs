using ProxyServer.Runtime.Dynamic.Dns;

namespace ProxyServer.Tests.Runtime.Dynamic.Dns;

public class ResolveErrorTests
{
    // Pinned from nginx 1.22.1's error log (resolver pointed at dnsmasq; a second one at a dead port).
    [Theory]
    [InlineData(3, "nope.test.priv could not be resolved (3: Host not found)")]
    [InlineData(2, "nope.test.priv could not be resolved (2: Server failure)")]
    [InlineData(5, "nope.test.priv could not be resolved (5: Operation refused)")]
    [InlineData(9, "nope.test.priv could not be resolved (9: Unknown error)")]
    public void LogText_ResponseCodes(int rcode, string expected) =>
        Assert.Equal(expected, ResolveError.FromResponseCode(rcode).LogText("nope.test.priv"));

    [Fact]
    public void LogText_Timeout() =>
        Assert.Equal("nope.test.priv could not be resolved (110: Operation timed out)", ResolveError.TimedOut.LogText("nope.test.priv"));
}
