using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Http;

/// <summary>
/// client_header_buffer_size and large_client_header_buffers set in a server block, small enough
/// that every step of nginx's buffer accounting shows: where a request line or header line stops
/// fitting (414 / 400 "Request Header Or Cookie Too Large") and when the large buffers run out.
/// Compared with real nginx.
/// </summary>
public sealed class HeaderBufferSizeTests(HeaderBufferSizeTests.Servers servers) : IClassFixture<HeaderBufferSizeTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                client_header_buffer_size 256;
                large_client_header_buffers 3 1k;
                location / { return 200 "fits\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    private static string Line(int length) => new('a', length);

    private static string Headers(params int[] lineLengths)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lineLengths.Length; i++)
        {
            var name = $"X-{i}: ";
            text.Append(name).Append(Line(lineLengths[i] - name.Length)).Append("\r\n");
        }
        return text.ToString();
    }

    public static TheoryData<string> Requests => new()
    {
        $"GET /{Line(1022 - 14)} HTTP/1.0\r\n\r\n",
        $"GET /{Line(1023 - 14)} HTTP/1.0\r\n\r\n",
        $"GET /{Line(200)} HTTP/1.0\r\n\r\n",
        $"GET / HTTP/1.0\r\n{Headers(1022)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(1023)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(600, 600)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(600, 600, 600)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(600, 600, 600, 600)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(100, 100, 100)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(400, 400, 400, 400, 400, 400)}\r\n",
        $"GET / HTTP/1.0\r\n{Headers(400, 400, 400, 400, 400, 400, 400)}\r\n",
        $"GET /{Line(900)} HTTP/1.0\r\n{Headers(900, 900)}\r\n",
        $"GET /{Line(900)} HTTP/1.0\r\n{Headers(900, 900, 900)}\r\n",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SameAnswerAsNginx(string request) => await WireAnswer.AssertSameAsync(servers.Pair, request);

    [Fact]
    public async Task Limits_AreTheServerBlocks()
    {
        var (nginx, ours) = await servers.Pair.SendAsync($"GET /{Line(1023 - 14)} HTTP/1.0\r\n\r\n");
        Assert.Equal(414, nginx.Status);
        Assert.Equal(414, ours.Status);
        (nginx, ours) = await servers.Pair.SendAsync($"GET / HTTP/1.0\r\n{Headers(600, 600, 600, 600)}\r\n");
        Assert.Equal(400, nginx.Status);
        Assert.Equal(400, ours.Status);
        Assert.Contains("Request Header Or Cookie Too Large", ours.Body);
    }
}
