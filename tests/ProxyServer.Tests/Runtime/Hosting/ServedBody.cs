using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Hosting;

/// <summary>Waits for a reload to take effect: polls a path until it answers the expected body (10 s at most).</summary>
internal static class ServedBody
{
    public static async Task WaitForAsync(int port, string path, string body)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await RawHttp.SendAsync(port, RawHttp.Get(path));
            if (response.Body == body) return;
            if (DateTime.UtcNow > deadline) Assert.Equal(body, response.Body);
            await Task.Delay(50);
        }
    }
}
