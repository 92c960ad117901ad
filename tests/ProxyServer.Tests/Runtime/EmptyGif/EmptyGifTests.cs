using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.EmptyGif;

/// <summary>empty_gif asked of nginx and of us: the same status, type, length, Last-Modified and bytes.</summary>
public sealed class EmptyGifTests(EmptyGifTests.Servers servers) : IClassFixture<EmptyGifTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location /gif { empty_gif; }
                location /gz { gzip on; gzip_types image/gif; gzip_min_length 1; empty_gif; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    [Theory]
    [InlineData("GET", "/gif", "")]
    [InlineData("HEAD", "/gif", "")]
    [InlineData("POST", "/gif", "Content-Length: 0\r\n")]
    [InlineData("GET", "/gif", "If-Modified-Since: Tue, 28 Sep 2004 12:00:00 GMT\r\n")]
    [InlineData("GET", "/gz", "Accept-Encoding: gzip\r\n")]
    public async Task Response_SameAsNginx(string method, string target, string headers)
    {
        var request = $"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        var expected = Describe(nginx);
        var actual = Describe(ours);
        Assert.True(expected == actual, $"request:\n{request}\nnginx:\n{expected}\nproxyserver:\n{actual}");
    }

    private static string Describe(RawResponse response)
    {
        var headers = string.Join("\n", new[] { "Content-Type", "Content-Length", "Last-Modified", "ETag", "Accept-Ranges", "Content-Encoding" }
            .Select(name => $"{name}: {response.Header(name)}"));
        var body = response.Header("Content-Encoding") == "gzip" ? Gzip.GzipSite.Gunzip(response.Body) : response.Body;
        // nginx's error pages name the server: compare the status and type only for those.
        if (response.Status >= 400) body = "(page)";
        return $"{response.Status}\n{(response.Status >= 400 ? "" : headers)}\n\n{Convert.ToHexString(System.Text.Encoding.Latin1.GetBytes(body))}";
    }
}
