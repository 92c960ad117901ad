using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Access;

namespace ProxyServer.Tests.Runtime.RealIp;

/// <summary>
/// realip against the real nginx: the address a trusted proxy forwards becomes <c>$remote_addr</c> (and
/// <c>$remote_port</c>, <c>$binary_remote_addr</c>, X-Forwarded-For) and feeds allow/deny (with the error
/// log's client), geo and ip_hash; X-Real-IP, X-Forwarded-For (last address, recursive, several lines), a
/// custom header; ports in the forwarded address; untrusted clients and unreadable values left alone; the
/// post-read run with the server's settings winning over a location's own.
/// </summary>
public sealed class RealIpTests(RealIpTests.Servers servers) : IClassFixture<RealIpTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            # The connection's own port differs between the two servers: shown as "conn".
            map $remote_port $port { ~^(3[2-9]|[4-6][0-9])[0-9][0-9][0-9]$ conn; default $remote_port; }
            map $realip_remote_port $realport { ~^(3[2-9]|[4-6][0-9])[0-9][0-9][0-9]$ conn; default $realip_remote_port; }
            geo $geo { default none; 10.0.0.0/8 ten; 192.0.2.0/24 doc; 2001:db8::/32 v6doc; 127.0.0.0/8 loop; }
            upstream iphash { ip_hash; server 127.0.0.1:{{P2}}; server 127.0.0.1:{{P3}}; server 127.0.0.1:{{P4}}; }
            server { listen 127.0.0.1:{{P2}}; return 200 "two $http_x_forwarded_for\n"; }
            server { listen 127.0.0.1:{{P3}}; return 200 "three $http_x_forwarded_for\n"; }
            server { listen 127.0.0.1:{{P4}}; return 200 "four $http_x_forwarded_for\n"; }
            server {
                listen 127.0.0.1:{{P0}};
                set_real_ip_from 127.0.0.1;
                set_real_ip_from 192.0.2.0/24;
                real_ip_header X-Forwarded-For;
                location /vars { return 200 "[$remote_addr] [$port] [$realip_remote_addr] [$realport] [$geo] [$proxy_add_x_forwarded_for]\n"; }
                location /access { deny 10.1.2.3; deny 2001:db8::1; allow all; return 200 "allowed $remote_addr\n"; }
                location /hash { proxy_pass http://iphash; }
                location /recursive { real_ip_recursive on; return 200 "[$remote_addr] [$port]\n"; }
                location /own { set_real_ip_from 10.0.0.0/8; real_ip_header X-Client; return 200 "[$remote_addr] [$realip_remote_addr]\n"; }
            }
            server {
                listen 127.0.0.1:{{P1}};
                location / { set_real_ip_from 127.0.0.0/8; return 200 "[$remote_addr] [$port] [$realip_remote_addr] [$geo]\n"; }
                location /custom { set_real_ip_from 127.0.0.1; real_ip_header X-Client; return 200 "[$remote_addr]\n"; }
                location /untrusted { set_real_ip_from 10.0.0.0/8; return 200 "[$remote_addr] [$realip_remote_addr]\n"; }
                location /unix { set_real_ip_from unix:; return 200 "[$remote_addr]\n"; }
                location /deny { set_real_ip_from 127.0.0.1; deny 192.0.2.7; return 200 "allowed\n"; }
            }
            """, portCount: 5);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.1.2.3")]
    [InlineData("10.1.2.3:8080")]
    [InlineData("1.1.1.1, 10.1.2.3")]
    [InlineData("10.1.2.3, 192.0.2.9")]
    [InlineData("10.1.2.3,,  ")]
    [InlineData("2001:db8::5")]
    [InlineData("[2001:db8::5]:443")]
    [InlineData("bogus")]
    [InlineData("10.1.2.3:0")]
    [InlineData("1.2.3")]
    [InlineData("::ffff:10.1.2.3")]
    public async Task XForwardedFor_SameClientAsNginx(string forwarded)
    {
        var headers = forwarded.Length > 0 ? $"X-Forwarded-For: {forwarded}\r\n" : "";
        await servers.Pair.AssertSameAsync(RawHttp.Get("/vars", extraHeaders: headers));
        await servers.Pair.AssertSameAsync(RawHttp.Get("/recursive", extraHeaders: headers));
    }

    [Theory]
    [InlineData("X-Forwarded-For: 10.0.0.1\r\nX-Forwarded-For: 192.0.2.1\r\n")]
    [InlineData("X-Forwarded-For: 10.0.0.1, 192.0.2.1\r\nX-Forwarded-For: 192.0.2.2\r\n")]
    [InlineData("X-Forwarded-For: bogus\r\nX-Forwarded-For: 192.0.2.2\r\n")]
    public async Task SeveralLines_ReadLastFirstAsNginx(string headers)
    {
        await servers.Pair.AssertSameAsync(RawHttp.Get("/vars", extraHeaders: headers));
        await servers.Pair.AssertSameAsync(RawHttp.Get("/recursive", extraHeaders: headers));
    }

    [Theory]
    [InlineData("/access", "10.1.2.3")]
    [InlineData("/access", "10.1.2.4")]
    [InlineData("/access", "2001:db8::1")]
    public async Task RealAddress_FeedsAccessAndItsLogLine(string target, string forwarded)
    {
        var full = target + "?" + forwarded.Replace(":", "");
        await servers.Pair.AssertSameAsync(RawHttp.Get(full, extraHeaders: $"X-Forwarded-For: {forwarded}\r\n"));
        await AccessLogLines.AssertSameAsync(servers.Pair, full);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("10.1.3.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.0.2.200")]
    [InlineData("8.8.8.8")]
    [InlineData("2001:db8::77")]
    public async Task RealAddress_FeedsIpHash(string forwarded) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get("/hash", extraHeaders: $"X-Forwarded-For: {forwarded}\r\n"));

    [Theory]
    [InlineData("X-Forwarded-For: 10.9.9.9\r\n")]
    [InlineData("X-Client: 10.9.9.9\r\n")]
    [InlineData("X-Forwarded-For: 10.9.9.9\r\nX-Client: 10.8.8.8\r\n")]
    public async Task PostReadWithServerSettings_BeforeTheLocations(string headers) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get("/own", extraHeaders: headers));

    [Theory]
    [InlineData("/", "X-Real-IP: 10.2.3.4\r\n")]
    [InlineData("/", "X-Real-IP: 10.2.3.4:99\r\n")]
    [InlineData("/", "X-Real-IP: 10.2.3.4\r\nX-Real-IP: 10.5.5.5\r\n")]
    [InlineData("/", "X-Real-IP: 10.2.3.4, 10.5.5.5\r\n")]
    [InlineData("/", "X-Forwarded-For: 10.2.3.4\r\n")]
    [InlineData("/custom", "X-Client: 192.0.2.9\r\n")]
    [InlineData("/custom", "x-client: 192.0.2.9\r\nX-Client: 192.0.2.10\r\n")]
    [InlineData("/untrusted", "X-Real-IP: 10.2.3.4\r\n")]
    [InlineData("/unix", "X-Real-IP: 10.2.3.4\r\n")]
    [InlineData("/deny", "X-Real-IP: 192.0.2.7\r\n")]
    public async Task OtherHeaders_SameAsNginx(string target, string headers) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get(target, extraHeaders: headers), portIndex: 1);
}
