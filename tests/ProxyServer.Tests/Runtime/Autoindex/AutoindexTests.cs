using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Autoindex;

/// <summary>
/// Directory listings asked of nginx and of us over one directory tree: the same status, Content-Type and bytes in
/// every format (names cut at 50 characters, escaped for URIs, HTML, XML and JSON, sizes rounded, symlinks followed).
/// </summary>
public sealed class AutoindexTests(AutoindexTests.Servers servers) : IClassFixture<AutoindexTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public string Root { get; } = TempDirectory.Create("autoindex");

        public DifferentialPair Pair { get; }

        public Servers()
        {
            var d = Root;
            Directory.CreateDirectory(Path.Combine(d, "list", "sub-dir"));
            Directory.CreateDirectory(Path.Combine(d, "list", "dir-escape-<>&"));
            Write("list/empty", 0);
            Write("list/ten-thousand", 10000);
            Write("list/ten-thousand-and-one", 10001);
            Write("list/k-rounded", 10 * 1024 + 512);
            Write("list/two-megs", 2 * 1024 * 1024 + 600 * 1024);
            Write("list/colon:name", 1);
            Write("list/long-" + new string('0', 50), 3);
            Write("list/long-" + new string('>', 50), 3);
            Write("list/exactly-fifty-" + new string('x', 31), 3);
            Write("list/escape-url-% ?#+", 4);
            Write("list/quote-\"-and-'", 5);
            Write("list/.hidden", 5);
            Write("list/utf8-" + "\u0444\u0444\u0444", 6);
            Write("list/utf8-" + string.Concat(Enumerable.Repeat("\u0444", 45)), 6);
            Write("list/utf8-<>&-" + string.Concat(Enumerable.Repeat("\u0444", 45)), 6);
            Write("list/tab\there", 7);
            File.CreateSymbolicLink(Path.Combine(d, "list", "link-to-file"), Path.Combine(d, "list", "empty"));
            File.CreateSymbolicLink(Path.Combine(d, "list", "link-to-dir"), Path.Combine(d, "list", "sub-dir"));
            File.CreateSymbolicLink(Path.Combine(d, "list", "link-broken"), Path.Combine(d, "list", "nowhere"));
            Directory.CreateDirectory(Path.Combine(d, "empty-dir"));
            Directory.CreateDirectory(Path.Combine(d, "with-index"));
            File.WriteAllText(Path.Combine(d, "with-index", "index.html"), "the index\n");
            // Fixed times: both servers list the same tree, and a minute boundary between their reads changes nothing.
            foreach (var path in Directory.EnumerateFileSystemEntries(d, "*", SearchOption.AllDirectories).Where(p => !p.Contains("link-")))
                File.SetLastWriteTimeUtc(path, new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc));

            Pair = DifferentialPair.StartHttp($$$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    root {{{d}}};
                    autoindex on;
                    location /x/ { alias {{{d}}}/list/; autoindex_format xml; }
                    location /j/ { alias {{{d}}}/list/; autoindex_format json; }
                    location /p/ { alias {{{d}}}/list/; autoindex_format jsonp; }
                    location /approx/ { alias {{{d}}}/list/; autoindex_exact_size off; }
                    location /local/ { alias {{{d}}}/list/; autoindex_localtime on; }
                    location /off/ { alias {{{d}}}/list/; autoindex off; }
                    location /gz/ { alias {{{d}}}/list/; gzip on; gzip_min_length 1; }
                }
                """);
        }

        private void Write(string relative, long length)
        {
            using var file = File.Create(Path.Combine(Root, relative));
            file.SetLength(length);
        }

        public void Dispose()
        {
            Pair.Dispose();
            TempDirectory.TryDelete(Root);
        }
    }

    [Theory]
    [InlineData("GET", "/list/")]
    [InlineData("HEAD", "/list/")]
    [InlineData("POST", "/list/")]
    [InlineData("GET", "/list/sub-dir/")]
    [InlineData("GET", "/list/link-to-dir/")]
    [InlineData("GET", "/list/dir-escape-%3C%3E&/")]
    [InlineData("GET", "/empty-dir/")]
    [InlineData("GET", "/with-index/")]
    [InlineData("GET", "/missing/")]
    [InlineData("GET", "/list/empty/")]
    [InlineData("GET", "/list/sub-dir")]
    [InlineData("GET", "/x/")]
    [InlineData("GET", "/j/")]
    [InlineData("GET", "/p/")]
    [InlineData("GET", "/p/?callback=my_cb.x1")]
    [InlineData("GET", "/p/?callback=")]
    [InlineData("GET", "/p/?callback=bad-name")]
    [InlineData("GET", "/p/?CALLBACK=upper")]
    [InlineData("GET", "/approx/")]
    [InlineData("GET", "/local/")]
    [InlineData("GET", "/off/")]
    public async Task Listing_SameAsNginx(string method, string target)
    {
        var body = method == "POST" ? "Content-Length: 0\r\n" : "";
        await AssertSameAsync($"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{body}\r\n");
    }

    [Fact]
    public async Task Gzipped_listing_SameAsNginx()
    {
        var request = "GET /gz/ HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n";
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        Assert.Equal(nginx.Header("Content-Encoding"), ours.Header("Content-Encoding"));
        Assert.Equal(Gzip.GzipSite.Gunzip(nginx.Body), Gzip.GzipSite.Gunzip(ours.Body));
    }

    private async Task AssertSameAsync(string request)
    {
        var (nginx, ours) = await servers.Pair.SendAsync(request);
        var expected = Describe(nginx);
        var actual = Describe(ours);
        Assert.True(expected == actual, $"request:\n{request}\nnginx:\n{expected}\nproxyserver:\n{actual}\nour error log:\n{servers.Pair.Ours.ErrorLog}");
    }

    private static string Describe(RawResponse response)
    {
        // nginx's special pages name the server: compare the status and Location only for those.
        if (response.Status >= 300) return $"{response.Status} {(response.Header("Location") is { } location ? new Uri(location).PathAndQuery : "")}";
        return $"{response.Status}\nContent-Type: {response.Header("Content-Type")}\nContent-Length: {response.Header("Content-Length")}\nTransfer-Encoding: {response.Header("Transfer-Encoding")}\n\n{response.Body}";
    }
}
