using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Static;

/// <summary>
/// The repository's <c>samples/sites-available/default</c> (Debian's stock site, as the nginx
/// package installs it) inside the http settings of Debian's <c>nginx.conf</c>, moved to a free
/// port and a temp root whose only index is the sample welcome page (served as Debian's third
/// index name): nginx and we must answer every request identically.
/// </summary>
public sealed class DebianDefaultSiteTests(DebianDefaultSiteTests.Servers servers) : IClassFixture<DebianDefaultSiteTests.Servers>
{
    public sealed class Servers() : StaticSitePair(Config)
    {
        private static string Config(StaticSite docRoot)
        {
            var samples = SamplesDirectory();
            File.Copy(Path.Combine(samples, "www", "index.html"), Path.Combine(docRoot.Root, "index.nginx-debian.html"));
            File.Delete(Path.Combine(docRoot.Root, "index.html"));
            var site = File.ReadAllText(Path.Combine(samples, "sites-available", "default"));
            site = Regex.Replace(site, @"listen\s+\[::\]:80\s+default_server;", "");
            site = Regex.Replace(site, @"listen\s+80\s+default_server;", "listen 127.0.0.1:{{P0}} default_server;");
            site = Regex.Replace(site, @"root\s+/var/www/html;", $"root {docRoot.Root};");
            Assert.Contains("{{P0}}", site);
            return $"""
                sendfile on;
                tcp_nopush on;
                types_hash_max_size 2048;
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                gzip on;
                {site}
                """;
        }

        private static string SamplesDirectory()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "samples", "sites-available", "default")))
                    return Path.Combine(dir.FullName, "samples");
            throw new DirectoryNotFoundException("samples/sites-available/default");
        }
    }

    [Theory]
    [InlineData("GET", "/", "")]
    [InlineData("HEAD", "/", "")]
    [InlineData("GET", "/index.nginx-debian.html", "")]
    [InlineData("GET", "/hello.txt", "")]
    [InlineData("GET", "/hello.txt?x=1", "")]
    [InlineData("GET", "/dir", "")]
    [InlineData("GET", "/dir/", "")]
    [InlineData("GET", "/dir/page.html", "")]
    [InlineData("GET", "/a%20dir", "")]
    [InlineData("GET", "/a%20dir/", "")]
    [InlineData("GET", "/noindex/", "")]
    [InlineData("GET", "/missing", "")]
    [InlineData("GET", "/missing/", "")]
    [InlineData("GET", "/hello.txt/", "")]
    [InlineData("GET", "/../etc/passwd", "")]
    [InlineData("GET", "/style.CSS", "")]
    [InlineData("GET", "/data.json", "")]
    [InlineData("POST", "/", "Content-Length: 0\r\n")]
    [InlineData("PUT", "/hello.txt", "Content-Length: 0\r\n")]
    [InlineData("GET", "/hello.txt", "If-Modified-Since: Tue, 02 Jan 2024 03:04:05 GMT\r\n")]
    [InlineData("GET", "/hello.txt", "Range: bytes=0-4\r\n")]
    public async Task SameAnswerAsNginx(string method, string target, string headers) =>
        await StaticSite.AssertSameAsync(servers.Pair, $"{method} {target} HTTP/1.0\r\nHost: example.test\r\n{headers}\r\n");
}
