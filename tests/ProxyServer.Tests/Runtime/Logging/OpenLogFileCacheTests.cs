using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Logging;

/// <summary>
/// open_log_file_cache asked of nginx and of us: logs named by a variable, their directory renamed away and back
/// (access_log.t's case). A name used min_uses times keeps its file open and its later lines reach it; others' lines
/// are lost while the directory is gone; the least recently used name is forgotten when max is reached.
/// </summary>
public sealed class OpenLogFileCacheTests
{
    private static readonly string[] Before = ["lru", "lru", "once", "first", "first", "second", "second"];
    private static readonly string[] After = ["lru", "once", "first", "second"];

    [Fact]
    public async Task Lines_reach_the_files_nginx_keeps_open()
    {
        Assert.Equal(await LineCountsAsync(nginx: true), await LineCountsAsync(nginx: false));
    }

    private static async Task<string> LineCountsAsync(bool nginx)
    {
        var root = TempDirectory.Create(nginx ? "olc-nginx" : "olc-ours");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "dir"));
            Directory.CreateDirectory(Path.Combine(root, "html"));
            var port = FreePort.Next();
            var config = $$"""
                log_format test "$uri";
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}}/html;
                    location /cache {
                        open_log_file_cache max=3 inactive=20s valid=1m min_uses=2;
                        access_log {{root}}/dir/cache_${arg_logname} test;
                        return 200 OK;
                    }
                }
                """;
            using IDisposable server = nginx ? NginxInstance.StartHttp(config, port) : ProxyServerInstance.StartHttp(config);
            foreach (var name in Before) Assert.Equal(200, (await RawHttp.SendAsync(port, RawHttp.Get($"/cache?logname={name}"))).Status);
            // a request's line is written after its answer: wait for every line before moving the directory
            await WaitForLinesAsync(Path.Combine(root, "dir"), ("lru", 2), ("once", 1), ("first", 2), ("second", 2));
            Directory.Move(Path.Combine(root, "dir"), Path.Combine(root, "dir_moved"));
            foreach (var name in After) Assert.Equal(200, (await RawHttp.SendAsync(port, RawHttp.Get($"/cache?logname={name}"))).Status);
            // the kept-open files get their third line (what nginx does); a server that does not keep them open never writes it
            await WaitForLinesAsync(Path.Combine(root, "dir_moved"), ("first", 3), ("second", 3));
            Directory.Move(Path.Combine(root, "dir_moved"), Path.Combine(root, "dir"));
            return string.Join(" ", new[] { "lru", "once", "first", "second" }.Select(name =>
                $"{name}={(File.Exists(Path.Combine(root, "dir", "cache_" + name)) ? File.ReadAllLines(Path.Combine(root, "dir", "cache_" + name)).Length : -1)}"));
        }
        finally
        {
            TempDirectory.TryDelete(root);
        }
    }

    /// <summary>Polls (up to 20 s, generous under load) until each file has its lines; returns either way, the caller compares.</summary>
    private static async Task WaitForLinesAsync(string dir, params (string Name, int Lines)[] expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (expected.All(e => File.Exists(Path.Combine(dir, "cache_" + e.Name)) && File.ReadAllLines(Path.Combine(dir, "cache_" + e.Name)).Length >= e.Lines)) return;
            await Task.Delay(50);
        }
    }
}
