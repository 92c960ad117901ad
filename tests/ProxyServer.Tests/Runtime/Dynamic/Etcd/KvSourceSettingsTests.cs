using ProxyServer.Runtime.Dynamic.Etcd;

namespace ProxyServer.Tests.Runtime.Dynamic.Etcd;

public class KvSourceSettingsTests
{
    [Fact]
    public void Parse_EndpointsAndCache()
    {
        var settings = KvSourceSettings.Parse(["main", "etcd://127.0.0.1:2379,127.0.0.1:2381", "cache=/var/lib/proxyserver/main.json"]);
        Assert.Equal("main", settings.Name);
        Assert.Equal("/var/lib/proxyserver/main.json", settings.CachePath);
        Assert.Equal(["127.0.0.1:2379", "127.0.0.1:2381"], settings.Endpoints);
    }

    [Theory]
    [InlineData("http://127.0.0.1:2379", "invalid kv_source URL \"http://127.0.0.1:2379\": expected etcd://HOST:PORT[,HOST:PORT...]")]
    [InlineData("etcd://127.0.0.1", "invalid endpoint \"127.0.0.1\" in kv_source \"main\": expected HOST:PORT")]
    [InlineData("etcd://127.0.0.1:0", "invalid endpoint \"127.0.0.1:0\" in kv_source \"main\": expected HOST:PORT")]
    public void Parse_BadUrl(string url, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => KvSourceSettings.Parse(["main", url])).Message);
}
