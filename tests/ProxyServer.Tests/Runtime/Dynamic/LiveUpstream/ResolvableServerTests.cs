using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Upstream.Config;

namespace ProxyServer.Tests.Runtime.Dynamic.LiveUpstream;

public class ResolvableServerTests
{
    [Fact]
    public void TryParse_ResolveLine_TemplateKeepsParameters()
    {
        var server = ResolvableServer.TryParse(["app.test.priv:8080", "resolve", "weight=3", "backup"], ServerParameterSupport.All)!;
        Assert.Equal(("app.test.priv", 8080), (server.Host, server.Port));
        Assert.Equal((3, true), (server.Template.Weight, server.Template.Backup));
        Assert.Equal("app.test.priv:8080", server.Template.Name);
    }

    [Fact]
    public void TryParse_NoResolve_IsNotOurs() =>
        Assert.Null(ResolvableServer.TryParse(["app.test.priv:8080", "weight=3"], ServerParameterSupport.All));

    [Theory]
    [InlineData("app:0", "invalid port in upstream \"app:0\"")]
    [InlineData("app weight=0", "invalid parameter \"weight=0\"")]
    public void TryParse_Bad(string line, string message)
    {
        var words = line.Split(' ').Append("resolve").ToList();
        Assert.Equal(message, Assert.Throws<FormatException>(() => ResolvableServer.TryParse(words, ServerParameterSupport.All)).Message);
    }
}
