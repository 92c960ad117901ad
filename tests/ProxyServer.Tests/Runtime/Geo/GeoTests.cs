using ProxyServer.Tests.NginxConf.Directives;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Geo;

/// <summary>
/// geo against the real nginx: longest network wins (IPv4 and IPv6, an IPv4-mapped address among the IPv4
/// networks), default, delete, duplicates, ranges (splits, deletes, an IPv6 address looked up as
/// 255.255.255.255), a variable source that does not parse, proxy and proxy_recursive over X-Forwarded-For.
/// </summary>
public sealed class GeoTests(GeoTests.Servers servers) : IClassFixture<GeoTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            geo $arg_ip $net {
                default                none;
                10.0.0.0/8             ten;
                10.1.0.0/16            ten-one;
                10.1.2.0/24            ten-one-two;
                10.1.2.3/32            host;
                10.1.2.3/32            host-again;
                192.0.2.0/24           doc;
                delete                 192.0.2.0/24;
                255.255.255.255        broadcast;
                2001:db8::/32          v6;
                2001:db8:1::/48        v6-one;
                ::ffff:0:0/96          mapped-net;
            }
            geo $arg_ip $nodefault {
                10.0.0.0/8             ten;
            }
            geo $arg_ip $range {
                ranges;
                default                         none;
                10.0.0.0-10.0.255.255           a;
                10.0.1.0-10.0.1.255             b;
                10.0.1.5-10.0.1.5               c;
                10.1.255.0-10.2.0.255           across;
                255.255.255.0-255.255.255.254   top;
                delete                          10.0.1.5-10.0.1.5;
            }
            geo $proxied {
                default                none;
                proxy                  127.0.0.1;
                proxy                  10.0.0.0/8;
                10.0.0.0/8             ten;
                192.0.2.0/24           doc;
                127.0.0.0/8            loop;
            }
            geo $recursive {
                proxy_recursive;
                default                none;
                proxy                  127.0.0.1;
                proxy                  10.0.0.0/8;
                10.0.0.0/8             ten;
                192.0.2.0/24           doc;
            }
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 200 "[$net] [$nodefault] [$range]\n"; }
                location /xff { return 200 "[$proxied] [$recursive]\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("?ip=10.9.9.9")]
    [InlineData("?ip=10.1.9.9")]
    [InlineData("?ip=10.1.2.9")]
    [InlineData("?ip=10.1.2.3")]
    [InlineData("?ip=192.0.2.1")]
    [InlineData("?ip=255.255.255.255")]
    [InlineData("?ip=8.8.8.8")]
    [InlineData("?ip=2001:db8::1")]
    [InlineData("?ip=2001:db8:1::1")]
    [InlineData("?ip=::ffff:10.1.2.3")]
    [InlineData("?ip=::1")]
    [InlineData("?ip=bogus")]
    [InlineData("?ip=10.1.2.3:80")]
    [InlineData("?ip=10.0.0.7")]
    [InlineData("?ip=10.0.1.4")]
    [InlineData("?ip=10.0.1.5")]
    [InlineData("?ip=10.0.1.6")]
    [InlineData("?ip=10.1.255.7")]
    [InlineData("?ip=10.2.0.7")]
    [InlineData("?ip=10.2.1.7")]
    [InlineData("?ip=255.255.255.1")]
    public async Task Lookup_SameValuesAsNginx(string query) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get("/" + query));

    [Theory]
    [InlineData("")]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.1, 10.1.1.1")]
    [InlineData("10.1.1.1, 192.0.2.1")]
    [InlineData("8.8.8.8, 192.0.2.1, 10.1.1.1")]
    [InlineData("bogus, 10.1.1.1")]
    [InlineData("bogus")]
    public async Task Proxy_SameValuesAsNginx(string forwarded) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get("/xff", extraHeaders: forwarded.Length > 0 ? $"X-Forwarded-For: {forwarded}\r\n" : ""));

    [Theory]
    [InlineData("geo $g { 10.0.0.0/33 x; }")]
    [InlineData("geo $g { 10.0.0.1/8 x; }")]
    [InlineData("geo $g { bogus x; }")]
    [InlineData("geo $g { 10.0.0.0/8 x y; }")]
    [InlineData("geo $g { 10.0.0.0/8 x; ranges; }")]
    [InlineData("geo $g { ranges; 10.0.0.0/8 x; }")]
    [InlineData("geo $g { ranges; 10.0.0.9-10.0.0.1 x; }")]
    [InlineData("geo $g { ranges; 10.0.0.0-10.0.0.9 x; 10.0.0.5-10.0.0.20 y; }")]
    [InlineData("geo $g { ranges; default a; default b; }")]
    [InlineData("geo $g { ranges; delete 10.0.0.0-10.0.0.9; }")]
    [InlineData("geo $g { delete 10.0.0.0/8; }")]
    [InlineData("geo $g { ranges; 10.0.0.0-255.255.255.255 x; }")]
    [InlineData("geo $g { proxy bogus; }")]
    [InlineData("geo g { }")]
    [InlineData("geo $arg_a $g { }")]
    [InlineData("geo $remote_addr { }")]
    [InlineData("geo $g { } geo $g { }")]
    public void BadInput_SameVerdictAsNginx(string body) => NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");
}
