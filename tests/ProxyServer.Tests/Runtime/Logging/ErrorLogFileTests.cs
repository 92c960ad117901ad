using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Logging;

/// <summary>
/// The files <c>error_log</c> names are opened at start, as ngx_init_cycle opens them: a location's log that
/// nothing has been written to exists (empty) on both sides, and a line goes only to the logs whose level admits it.
/// </summary>
public sealed class ErrorLogFileTests
{
    [Fact]
    public async Task LocationErrorLogs_OpenedAtStart_AndFilteredByLevel_AsNginx()
    {
        using var pair = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location /quiet { error_log /tmp/ps-errlog-{{P0}}-crit.log crit; }
                location /loud {
                    error_log /tmp/ps-errlog-{{P0}}-error.log error;
                    error_log /tmp/ps-errlog-{{P0}}-alert.log alert;
                }
            }
            """);
        var sides = new[] { pair.NginxPort(), pair.OurPort() };
        try
        {
            foreach (var port in sides)
            {
                Assert.True(File.Exists($"/tmp/ps-errlog-{port}-crit.log"), $"crit log of the side on {port} exists");
                Assert.Equal("", File.ReadAllText($"/tmp/ps-errlog-{port}-crit.log"));
            }
            await pair.AssertSameAsync(RawHttp.Get("/loud/missing"));
            foreach (var port in sides)
            {
                var error = "";
                for (var wait = 0; wait < 50 && !error.Contains("[error]", StringComparison.Ordinal); wait++)
                {
                    error = File.ReadAllText($"/tmp/ps-errlog-{port}-error.log");
                    if (!error.Contains("[error]", StringComparison.Ordinal)) await Task.Delay(100);
                }
                Assert.Contains("open() ", error);
                Assert.Equal("", File.ReadAllText($"/tmp/ps-errlog-{port}-alert.log"));
            }
        }
        finally
        {
            foreach (var port in sides)
                foreach (var level in new[] { "crit", "error", "alert" })
                    File.Delete($"/tmp/ps-errlog-{port}-{level}.log");
        }
    }

    /// <summary>
    /// <c>error_log FILE debug</c> in a location gets nginx's debug line of ngx_http_core_find_config_phase, with no
    /// request context appended (ngx_log_error_core adds none to debug lines); an <c>info</c> log beside it gets none.
    /// </summary>
    [Fact]
    public async Task DebugLevel_GetsFindConfigLine_AsNginx()
    {
        using var pair = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location /debug {
                    error_log /tmp/ps-errlog-{{P0}}-debug.log debug;
                    error_log /tmp/ps-errlog-{{P0}}-info.log info;
                    return 204;
                }
            }
            """);
        var sides = new[] { pair.NginxPort(), pair.OurPort() };
        try
        {
            await pair.AssertSameAsync("POST /debug HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc");
            foreach (var port in sides)
            {
                var debug = "";
                for (var wait = 0; wait < 50 && !debug.Contains(" http cl:", StringComparison.Ordinal); wait++)
                {
                    debug = File.ReadAllText($"/tmp/ps-errlog-{port}-debug.log");
                    if (!debug.Contains(" http cl:", StringComparison.Ordinal)) await Task.Delay(100);
                }
                Assert.Matches(@"(?m)^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[debug\] \d+#\d+: \*\d+ http cl:3 max:1048576$", debug);
                Assert.DoesNotContain("[debug]", File.ReadAllText($"/tmp/ps-errlog-{port}-info.log"));
            }
        }
        finally
        {
            foreach (var port in sides)
                foreach (var level in new[] { "debug", "info" })
                    File.Delete($"/tmp/ps-errlog-{port}-{level}.log");
        }
    }
}
