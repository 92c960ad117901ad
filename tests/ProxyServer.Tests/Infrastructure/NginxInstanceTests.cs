namespace ProxyServer.Tests.Infrastructure;

public class NginxInstanceTests
{
    [Fact]
    public async Task StartHttp_ServesReturnDirective_AndStopsByPid()
    {
        var port = FreePort.Next();
        using (var nginx = NginxInstance.StartHttp($"server {{ listen 127.0.0.1:{port}; return 200 \"hello $request_uri\"; }}", port))
        {
            using var http = new HttpClient();
            Assert.Equal("hello /x?y=1", await http.GetStringAsync($"http://127.0.0.1:{port}/x?y=1"));
        }
        Assert.Throws<System.Net.Sockets.SocketException>(() => new System.Net.Sockets.TcpClient().Connect("127.0.0.1", port));
    }
}
