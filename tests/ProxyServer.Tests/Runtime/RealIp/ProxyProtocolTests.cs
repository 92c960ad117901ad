using System.Net.Sockets;
using System.Text;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Access;

namespace ProxyServer.Tests.Runtime.RealIp;

/// <summary>
/// <c>listen ... proxy_protocol</c> against the real nginx: v1 (TCP4, TCP6, UNKNOWN) and v2 (IPv4, IPv6,
/// LOCAL, with TLVs) headers give the same <c>$proxy_protocol_*</c> values and, through
/// <c>real_ip_header proxy_protocol</c>, the same client for access; broken headers close the connection
/// with nginx's error-log line.
/// </summary>
public sealed class ProxyProtocolTests(ProxyProtocolTests.Servers servers) : IClassFixture<ProxyProtocolTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            # The connection's own port differs between the two servers: shown as "conn".
            map $remote_port $port { ~^(3[2-9]|[4-6][0-9])[0-9][0-9][0-9]$ conn; default $remote_port; }
            server {
                listen 127.0.0.1:{{P0}} proxy_protocol;
                set_real_ip_from 127.0.0.1;
                location / { return 200 "[$proxy_protocol_addr] [$proxy_protocol_port] [$proxy_protocol_server_addr] [$proxy_protocol_server_port] [$remote_addr]\n"; }
                # realip runs in preaccess, after return's rewrite phase: the file's 404 shows what it set.
                location /real { real_ip_header proxy_protocol; deny 192.0.2.1; error_page 404 = @show; }
                location @show { return 200 "[$remote_addr] [$port]\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    private static byte[] V2(byte command, byte family, byte[] body)
    {
        var header = new List<byte>(Encoding.Latin1.GetBytes("\r\n\r\n\0\r\nQUIT\n")) { command, family, (byte)(body.Length >> 8), (byte)body.Length };
        header.AddRange(body);
        return [.. header];
    }

    private static readonly byte[] Inet = [192, 0, 2, 1, 192, 0, 2, 2, 0, 123, 0x16, 0x2e];

    private static readonly byte[] Inet6 =
    [
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
        0, 123, 0x16, 0x2e,
    ];

    public static TheoryData<string, byte[]> Headers() => new()
    {
        { "tcp4", Encoding.Latin1.GetBytes("PROXY TCP4 192.0.2.1 192.0.2.2 123 5678\r\n") },
        { "tcp6", Encoding.Latin1.GetBytes("PROXY TCP6 2001:Db8::1 2001:Db8::2 123 5678\r\n") },
        { "unknown", Encoding.Latin1.GetBytes("PROXY UNKNOWN\r\n") },
        { "unknown-more", Encoding.Latin1.GetBytes("PROXY UNKNOWN 1 2 3 4\r\n") },
        { "port-zero", Encoding.Latin1.GetBytes("PROXY TCP4 192.0.2.1 192.0.2.2 0 0\r\n") },
        { "v2-inet", V2(0x21, 0x11, Inet) },
        { "v2-inet6", V2(0x21, 0x21, Inet6) },
        { "v2-tlv", V2(0x21, 0x11, [.. Inet, 0x01, 0x00, 0x02, (byte)'h', (byte)'2']) },
        { "v2-local", V2(0x20, 0x11, Inet) },
        { "v2-udp", V2(0x21, 0x12, Inet) },
        { "v2-unix", V2(0x21, 0x31, new byte[216]) },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task Header_SameVariablesAsNginx(string name, byte[] header)
    {
        foreach (var target in new[] { "/", "/real" })
        {
            var request = Encoding.Latin1.GetBytes(RawHttp.Get($"{target}?{name}"));
            var nginx = await SendAsync(servers.Pair.NginxPort(), [.. header, .. request]);
            var ours = await SendAsync(servers.Pair.OurPort(), [.. header, .. request]);
            Assert.Equal(Describe(nginx), Describe(ours));
        }
    }

    public static TheoryData<string, byte[]> Broken() => new()
    {
        { "no-header", Encoding.Latin1.GetBytes(RawHttp.Get("/?none")) },
        { "bad-family", Encoding.Latin1.GetBytes("PROXY TCP5 192.0.2.1 192.0.2.2 123 5678\r\n" + RawHttp.Get("/?b1")) },
        { "bad-address", Encoding.Latin1.GetBytes("PROXY TCP4 192.0.2.x 192.0.2.2 123 5678\r\n" + RawHttp.Get("/?b2")) },
        { "bad-port", Encoding.Latin1.GetBytes("PROXY TCP4 192.0.2.1 192.0.2.2 123 99999\r\n" + RawHttp.Get("/?b3")) },
        { "no-lf", Encoding.Latin1.GetBytes("PROXY TCP4 192.0.2.1 192.0.2.2 123 5678\rX" + RawHttp.Get("/?b4")) },
        { "v2-version", [.. V2(0x11, 0x11, Inet), .. Encoding.Latin1.GetBytes(RawHttp.Get("/?b5"))] },
        { "v2-short", V2(0x21, 0x11, [192, 0, 2, 1]) },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task BrokenHeader_ClosedWithNginxsLogLine(string name, byte[] bytes)
    {
        var nginx = await SendAsync(servers.Pair.NginxPort(), bytes);
        var ours = await SendAsync(servers.Pair.OurPort(), bytes);
        Assert.Equal(Describe(nginx), Describe(ours));
        var expected = ErrorLines(servers.Pair.Nginx.ErrorLog, servers.Pair.NginxPort());
        List<string> actual = [];
        for (var wait = 0; wait < 50; wait++)
        {
            actual = ErrorLines(servers.Pair.Ours.ErrorLog, servers.Pair.OurPort());
            if (actual.Count >= expected.Count) break;
            await Task.Delay(100);
        }
        Assert.True(expected.SequenceEqual(actual), $"{name}:\nnginx:\n{string.Join("\n", expected)}\nours:\n{string.Join("\n", actual)}");
    }

    /// <summary>The [error] entries about PROXY headers (a broken header's spans lines), without time, pid and connection number.</summary>
    private static List<string> ErrorLines(string log, int port) =>
        System.Text.RegularExpressions.Regex.Matches(log, @"\[error\] \d+#\d+: (\*\d+ )?(?<message>(broken header|unknown PROXY|header is too large).*?while reading PROXY protocol, [^\n]*)",
                System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups["message"].Value.Replace(port.ToString(), "{{P0}}"))
            .ToList();

    private static async Task<RawResponse> SendAsync(int port, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(bytes);
        using var buffer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await stream.CopyToAsync(buffer, timeout.Token);
        }
        catch (IOException)
        {
        }
        return RawHttp.Parse(buffer.ToArray());
    }

    private static string Describe(RawResponse response) => DifferentialPair.Describe(response, []);
}
