using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.NginxConf.Directives;
using ProxyServer.Tests.Runtime.Access;

namespace ProxyServer.Tests.Runtime.Servers;

/// <summary>
/// <c>listen unix:PATH</c> against the real nginx: a server on port P0 proxies to a server on a unix socket
/// (each side's socket is named by its own port, so the paths differ only where the port is mapped back), and
/// what the unix server sees of its client is compared: the variables, allow/deny <c>unix:</c> with nginx's
/// log line, <c>set_real_ip_from unix:</c>, geo's lookup of a unix client, <c>proxy_pass</c> to a unix
/// socket given by variables, and the socket file itself (made 0666, removed at exit).
/// </summary>
public sealed class UnixListenerTests(UnixListenerTests.Servers servers) : IClassFixture<UnixListenerTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            StaleUnixSockets.Remove("/tmp", "ps-*.sock");
            Pair = DifferentialPair.StartHttp(Config);
        }

        public DifferentialPair Pair { get; }

        private const string Config = """
            geo $geo { default other; 255.255.255.255 none; 127.0.0.0/8 loopback; }
            geo $remote_addr $geo_text { default other; 255.255.255.255 none; }
            server {
                listen 127.0.0.1:{{P0}};
                location / { proxy_pass http://unix:/tmp/ps-unix-{{P0}}.sock:/; }
                location /realip/ {
                    proxy_pass http://unix:/tmp/ps-unix-{{P0}}.sock:/realip/;
                    proxy_set_header X-Real-IP 192.0.2.7;
                }
                location /var { proxy_pass http://$arg_to; }
            }
            server {
                listen unix:/tmp/ps-unix-{{P0}}.sock;
                server_name localhost;
                location /vars {
                    return 200 "remote_addr=$remote_addr remote_port=[$remote_port] server_addr=$server_addr server_port=[$server_port] host=$host proxy=$http_host\n";
                }
                location /geo { return 200 "$geo $geo_text\n"; }
                location /allow-all { allow all; }
                location /allow-unix { allow unix:; deny all; }
                location /deny-all { deny all; }
                location /deny-unix { deny unix:; }
                location /deny-inet { deny 127.0.0.1; deny ::1; }
                location /realip/unix { set_real_ip_from unix:; return 200 "$remote_addr $realip_remote_addr\n"; }
                location /realip/inet { set_real_ip_from 127.0.0.1; return 200 "$remote_addr $realip_remote_addr\n"; }
            }
            """;

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData("/vars")]
    [InlineData("/geo")]
    [InlineData("/realip/unix")]
    [InlineData("/realip/inet")]
    [InlineData("/var?to=unix:/tmp/ps-unix-{{P0}}.sock:/vars")]
    [InlineData("/var?to=unix:")]
    [InlineData("/var?to=unix:/tmp/ps-unix-{{P0}}-none.sock:/vars")]
    [InlineData("/allow-all")]
    [InlineData("/allow-unix")]
    [InlineData("/deny-all")]
    [InlineData("/deny-unix")]
    [InlineData("/deny-inet")]
    public async Task UnixClient_SameAnswerAndLogAsNginx(string target)
    {
        var response = await servers.Pair.AssertSameAsync(RawHttp.Get(target));
        Assert.NotEqual(0, response.Status);
        await AccessLogLines.AssertSameAsync(servers.Pair, target);
    }

    [Fact]
    public void SocketFile_MadeWithNginxsMode()
    {
        var nginx = File.GetUnixFileMode($"/tmp/ps-unix-{servers.Pair.NginxPort()}.sock");
        var ours = File.GetUnixFileMode($"/tmp/ps-unix-{servers.Pair.OurPort()}.sock");
        Assert.Equal(nginx, ours);
    }

    [Fact]
    public void SocketFile_RemovedAtExit_AndBindFailuresAsNginxWordsThem()
    {
        var path = $"/tmp/ps-unix-{FreePort.Next()}.sock";
        using (var first = ProxyServerInstance.StartHttp($"server {{ listen unix:{path}; }}"))
        {
            Assert.True(File.Exists(path));
            Assert.True(first.StopWith("QUIT", TimeSpan.FromSeconds(60)));
        }
        Assert.False(File.Exists(path));

        File.WriteAllText(path, "");
        try
        {
            var failure = Assert.Throws<InvalidOperationException>(() => ProxyServerInstance.StartHttp($"server {{ listen unix:{path}; }}"));
            Assert.Contains($"[emerg] bind() to unix:{path} failed (98: Address already in use)", failure.Message);
        }
        finally
        {
            File.Delete(path);
        }

        // nginx 1.22: "bind() to unix:/tmp/x/y.sock failed (2: No such file or directory)".
        var missing = $"/tmp/ps-unix-{FreePort.Next()}-missing/x.sock";
        var noDirectory = Assert.Throws<InvalidOperationException>(() => ProxyServerInstance.StartHttp($"server {{ listen unix:{missing}; }}"));
        Assert.Contains($"[emerg] bind() to unix:{missing} failed (2: No such file or directory)", noDirectory.Message);
    }

    [Theory]
    [InlineData("server { listen unix:/tmp/ps-check.sock; }")]
    [InlineData("server { listen UNIX:/tmp/ps-check.sock default_server proxy_protocol backlog=16; }")]
    [InlineData("server { listen unix:; }")]
    [InlineData("server { listen unix:/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sock; }")]
    [InlineData("server { listen unix:/tmp/ps-check.sock; listen unix:/tmp/ps-check.sock; }")]
    [InlineData("server { listen unix:/tmp/ps-check.sock; } server { listen unix:/tmp/ps-check.sock default_server; }")]
    [InlineData("server { listen unix:/tmp/ps-check.sock default_server; } server { listen unix:/tmp/ps-check.sock default_server; }")]
    [InlineData("server { listen unix:/tmp/ps-check.sock bogus; }")]
    public void ListenUnix_SameVerdictAsNginx(string body) => NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");
}
