using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Status;

/// <summary>status_dashboard serves the embedded page, which polls the status API it is pointed at.</summary>
public sealed class StatusDashboardTests
{
    [Fact]
    public async Task Serves_the_page_next_to_the_status_api()
    {
        var port = FreePort.Next();
        using var proxy = ProxyServerInstance.StartHttp($$"""
            server {
                listen 127.0.0.1:{{port}};
                location = /status/api { status_api; }
                location = /status/ { status_dashboard; }
            }
            """);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var page = await client.GetAsync("/status/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<canvas id=\"rates\"", html);
        Assert.Contains("get(\"api\") || \"api\"", html);
        // The page's default relative URL "api" from /status/ is the sibling status API.
        using var api = await client.GetAsync(new Uri(new Uri($"http://127.0.0.1:{port}/status/"), "api"));
        Assert.Equal("application/json", api.Content.Headers.ContentType?.MediaType);
    }
}
