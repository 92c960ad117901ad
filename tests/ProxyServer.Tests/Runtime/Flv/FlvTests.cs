using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Flv;

/// <summary>flv asked of nginx and of us: the same status, headers that matter (length, range, ETag) and bytes, with and without <c>start</c>.</summary>
public sealed class FlvTests(FlvTests.Servers servers) : IClassFixture<FlvTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public string Root { get; } = TempDirectory.Create("flv");

        public DifferentialPair Pair { get; }

        public Servers()
        {
            File.WriteAllText(Path.Combine(Root, "t.flv"), string.Concat(Enumerable.Range(0, 100).Select(i => $"X{i:000}XXXXXX")));
            Directory.CreateDirectory(Path.Combine(Root, "dir.flv"));
            File.SetLastWriteTimeUtc(Path.Combine(Root, "t.flv"), new DateTime(2022, 2, 3, 4, 5, 6, DateTimeKind.Utc));
            Pair = DifferentialPair.StartHttp($$$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{{Root}}};
                    location / { flv; }
                }
                """);
        }

        public void Dispose()
        {
            Pair.Dispose();
            TempDirectory.TryDelete(Root);
        }
    }

    [Theory]
    [InlineData("GET", "/t.flv", "")]
    [InlineData("GET", "/t.flv?start=100", "")]
    [InlineData("HEAD", "/t.flv?start=100", "")]
    [InlineData("GET", "/t.flv?start=0", "")]
    [InlineData("GET", "/t.flv?start=999", "")]
    [InlineData("GET", "/t.flv?start=1000", "")]
    [InlineData("GET", "/t.flv?start=abc", "")]
    [InlineData("GET", "/t.flv?a=1&start=10", "")]
    [InlineData("GET", "/t.flv?start=100", "Range: bytes=0-9\r\n")]
    [InlineData("GET", "/t.flv?start=100", "Range: bytes=-10\r\n")]
    [InlineData("GET", "/t.flv?start=100", "Range: bytes=0-99\r\n")]
    [InlineData("GET", "/t.flv?start=100", "Range: bytes=0-3,10-12\r\n")]
    [InlineData("GET", "/t.flv?start=100", "If-None-Match: \"61fb5476-391\"\r\n")]
    [InlineData("POST", "/t.flv", "Content-Length: 0\r\n")]
    [InlineData("GET", "/missing.flv?start=10", "")]
    [InlineData("GET", "/dir.flv", "")]
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
        // nginx's special pages name the server: the status only for those.
        if (response.Status >= 300 && response.Status != 304) return response.Status.ToString();
        var headers = string.Join("\n", new[] { "Content-Type", "Content-Length", "Content-Range", "ETag", "Last-Modified", "Accept-Ranges" }
            .Select(name => $"{name}: {response.Header(name)}"));
        var body = response.Body;
        // a multipart answer's boundary is a counter of each server's own
        if (response.Header("Content-Type") is { } type && type.StartsWith("multipart/", StringComparison.Ordinal))
        {
            var boundary = type[(type.IndexOf('=') + 1)..];
            body = body.Replace(boundary, "BOUNDARY");
            headers = headers.Replace(boundary, "BOUNDARY");
        }
        return $"{response.Status}\n{headers}\n\n{Convert.ToHexString(Encoding.Latin1.GetBytes(body))}";
    }
}
