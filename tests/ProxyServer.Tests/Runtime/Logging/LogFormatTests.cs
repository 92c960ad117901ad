using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Logging;

/// <summary>access_log / log_format lines and error_log lines, compared with what real nginx wrote for the same requests.</summary>
public sealed class LogFormatTests : IDisposable
{
    private readonly DifferentialPair _pair = DifferentialPair.StartHttp("""
        log_format custom '$remote_addr|$request|$status|$body_bytes_sent|$http_referer|$http_x_quote|$arg_a|$uri|$args|$request_method';
        log_format js escape=json '{"u":"$uri","h":"$http_x_quote","missing":"$http_x_missing"}';
        log_format raw escape=none '$http_x_quote';
        server {
            listen 127.0.0.1:{{P0}};
            access_log custom.log custom;
            access_log js.log js;
            access_log raw.log raw;
            access_log combined.log;
            access_log conditional.log custom if=$arg_log;
            client_max_body_size 1;
            location / { return 200 "logged\n"; }
            location /quiet/ { access_log off; return 200 "quiet\n"; }
            location /loop/ { rewrite ^ /loop/again last; }
        }
        """);

    public void Dispose() => _pair.Dispose();

    [Fact]
    public async Task AccessLogs_LineForLineAsNginx()
    {
        string[] requests =
        [
            RawHttp.Get("/a%20b?a=1&b=2", "h", "Referer: http://ref/\r\nX-Quote: say \"hi\" \\ \x01 caf\u00e9\r\n"),
            RawHttp.Get("/plain"),
            RawHttp.Get("/quiet/x"),
            RawHttp.Get("/cond?log=1"),
            "POST /x?a=z HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
        ];
        foreach (var request in requests) await _pair.SendAsync(request);
        await Task.Delay(300);

        foreach (var log in new[] { "custom.log", "js.log", "raw.log", "conditional.log" })
            Assert.Equal(Read(_pair.Nginx.Prefix, log), Read(_pair.Ours.Prefix, log));
        Assert.Equal(WithoutTime(Read(_pair.Nginx.Prefix, "combined.log")), WithoutTime(Read(_pair.Ours.Prefix, "combined.log")));
    }

    [Fact]
    public async Task ErrorLog_SameMessagesAsNginx()
    {
        await _pair.SendAsync("POST / HTTP/1.0\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
        await _pair.SendAsync(RawHttp.Get("/loop/x", "h"));
        await Task.Delay(300);
        var nginx = Messages(_pair.Nginx.ErrorLog);
        var ours = Messages(_pair.Ours.ErrorLog);
        Assert.Contains(ours, line => line.Contains("client intended to send too large body"));
        foreach (var line in ours) Assert.Contains(line, nginx);
    }

    private static string Read(string prefix, string name) => ProxyServerInstance.ReadShared(Path.Combine(prefix, name));

    private static string WithoutTime(string text) => Regex.Replace(text, @"\[[^\]]+\]", "[TIME]");

    /// <summary>[error]-level request lines with timestamp, pid and connection number cut off.</summary>
    private static string[] Messages(string log) => log.Split('\n')
        .Where(l => l.Contains("[error]"))
        .Select(l => Regex.Replace(l, @"^.*?\[error\] \d+#\d+: \*\d+ ", ""))
        .ToArray();
}
