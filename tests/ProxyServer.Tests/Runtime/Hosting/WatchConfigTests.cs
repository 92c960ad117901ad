using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Hosting;

/// <summary>
/// <c>--watch-config</c> (ours): a change to any loaded file, an include too, reloads without a
/// signal; a broken edit is refused and the old config keeps serving until the file is fixed.
/// </summary>
public sealed class WatchConfigTests
{
    [Fact]
    public async Task ChangeToAnIncludedFile_Reloads_BrokenEditKeepsOldConfig()
    {
        var port = FreePort.Next();
        var prefix = TempDirectory.Create("watch-");
        var included = Path.Combine(prefix, "site.conf");
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $$"""
            daemon off;
            events {
            }
            pid nginx.pid;
            error_log error.log notice;
            http {
                access_log off;
                server {
                    listen 127.0.0.1:{{port}};
                    include site.conf;
                }
            }
            """);
        File.WriteAllText(included, "location / { return 200 \"first\"; }\n");
        using var server = ProxyServerInstance.StartInPrefix(prefix, "nginx.conf", ["--watch-config"]);
        using var client = new HttpClient();
        Assert.Equal("first", await client.GetStringAsync($"http://127.0.0.1:{port}/"));

        File.WriteAllText(included, "location / { return 200 \"second edit\"; }\n");
        await ServedBody.WaitForAsync(port, "/", "second edit");

        File.WriteAllText(included, "location / { return abc; }\n");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.ErrorLog.Contains("invalid return code \"abc\"") && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Contains("invalid return code \"abc\"", server.ErrorLog);
        Assert.Equal("second edit", await client.GetStringAsync($"http://127.0.0.1:{port}/"));

        File.WriteAllText(included, "location / { return 200 \"third, fixed\"; }\n");
        await ServedBody.WaitForAsync(port, "/", "third, fixed");
        Assert.Contains($"configuration file {included} changed, reconfiguring", server.ErrorLog);
    }
}
