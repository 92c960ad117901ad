using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// proxy_store against nginx 1.22: each side stores under a directory of its own (named by its port), and the two
/// trees must hold the same files (path, contents, mode, mtime from the peer's Last-Modified) and directories (mode):
/// a 200 sent whole is stored, at the URI mapped by root (<c>on</c>) or at a path with variables; a 404, a body cut
/// short (a Content-Length unmet, a chunked body without its last chunk), a HEAD and <c>proxy_buffering off</c> store
/// nothing. A directory that cannot be made is nginx's crit line.
/// </summary>
public sealed class ProxyStoreDifferentialTests(ProxyStoreDifferentialTests.Servers servers) : IClassFixture<ProxyStoreDifferentialTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public Servers()
        {
            Base = TempDirectory.Create("store-");
            Pair = DifferentialPair.StartHttp(Config(Backend.Port, Base));
            foreach (var port in new[] { Pair.NginxPort(), Pair.OurPort() })
            {
                Directory.CreateDirectory(Path.Combine(Base, port.ToString()));
                File.WriteAllText(Path.Combine(Base, port.ToString(), "blocker"), "a file where a directory would go");
            }
        }

        public StoringBackend Backend { get; } = new();
        public string Base { get; }
        public DifferentialPair Pair { get; }

        private static string Config(int backend, string root) => $$"""
            server {
                listen 127.0.0.1:{{P0}};
                location /on/ {
                    root {{root}}/{{P0}}/mapped;
                    proxy_pass http://127.0.0.1:{{backend}}/;
                    proxy_store on;
                    proxy_store_access user:rw group:rw all:r;
                }
                location /path/ {
                    proxy_pass http://127.0.0.1:{{backend}}/;
                    proxy_store {{root}}/{{P0}}/by-path$uri;
                }
                location /nobuf/ {
                    proxy_pass http://127.0.0.1:{{backend}}/;
                    proxy_buffering off;
                    proxy_store {{root}}/{{P0}}/nobuf$uri;
                }
                location /blocked/ {
                    proxy_pass http://127.0.0.1:{{backend}}/;
                    proxy_store {{root}}/{{P0}}/blocker/below$uri;
                }
                location /long/ {
                    proxy_pass http://127.0.0.1:{{backend}}/;
                    proxy_store {{root}}/{{P0}}/made/{{TooLong}}/below$uri;
                }
            }
            """;

        private const string P0 = "{{P0}}";

        /// <summary>A directory name longer than a file system takes (ENAMETOOLONG from mkdir).</summary>
        public static readonly string TooLong = new('n', 300);

        public void Dispose()
        {
            Pair.Dispose();
            Backend.Dispose();
            TempDirectory.TryDelete(Base);
        }
    }

    [Fact]
    public async Task Store_SameFilesAsNginx()
    {
        foreach (var path in new[] { "/on/a/b/page.html", "/on/big.html", "/path/x/y.html", "/path/noclen.html" })
            await servers.Pair.AssertSameAsync(RawHttp.Get(path));
        // stored nothing: another status, a body cut short, a HEAD, an unbuffered response
        await servers.Pair.AssertSameAsync(RawHttp.Get("/on/missing.html"));
        await servers.Pair.SendAsync(RawHttp.Get("/on/cut.html"));
        await servers.Pair.SendAsync(RawHttp.Get("/path/chunkcut.html"));
        await servers.Pair.SendAsync("HEAD /on/head.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        await servers.Pair.AssertSameAsync(RawHttp.Get("/nobuf/n.html"));

        var nginx = Tree(servers.Pair.NginxPort());
        Assert.Contains(nginx, entry => entry.StartsWith("file mapped/on/a/b/page.html ", StringComparison.Ordinal));
        Assert.Equal(nginx, Tree(servers.Pair.OurPort()));
    }

    [Theory]
    [InlineData("/blocked/z.html", "rename() \"{TEMP}\" to \"{BASE}/{PORT}/blocker/below/blocked/z.html\" failed (20: Not a directory) while reading upstream")]
    [InlineData("/long/z.html", "mkdir() \"{BASE}/{PORT}/made/{LONG}\" failed (36: File name too long) while reading upstream")]
    public async Task Store_PlaceThatCannotBeMade_LogsAsNginx(string path, string expected)
    {
        await servers.Pair.AssertSameAsync(RawHttp.Get(path));
        var nginx = await CritLineAsync(() => servers.Pair.Nginx.ErrorLog, servers.Pair.NginxPort(), path);
        var ours = await CritLineAsync(() => servers.Pair.Ours.ErrorLog, servers.Pair.OurPort(), path);
        Assert.Equal(nginx, ours);
        Assert.StartsWith(expected, nginx);
        Assert.DoesNotContain(Tree(servers.Pair.OurPort()), entry => entry.Contains("z.html"));
    }

    /// <summary>The crit line of the log (waiting for it: the store ends after the response), its port and directory normalised.</summary>
    private async Task<string> CritLineAsync(Func<string> log, int port, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var text = log();
            var match = Regex.Match(text, @"\[crit\] [^*]*\*\d+ (.*" + Regex.Escape(path) + ".*)");
            if (match.Success)
                return Regex.Replace(match.Groups[1].Value.TrimEnd('\r'), "^rename\\(\\) \"[^\"]*\"", "rename() \"{TEMP}\"")
                    .Replace(servers.Base, "{BASE}").Replace(Servers.TooLong, "{LONG}").Replace(port.ToString(), "{PORT}")
                    .Replace(servers.Backend.Port.ToString(), "{BACKEND}");
            Assert.True(DateTime.UtcNow < deadline, "no crit line for " + path + " in:\n" + text);
            await Task.Delay(50);
        }
    }

    /// <summary>Each file (contents' hash, mode, mtime) and directory (mode) under one side's directory, sorted.</summary>
    private List<string> Tree(int port)
    {
        var root = Path.Combine(servers.Base, port.ToString());
        var entries = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, entry);
            if (relative == "blocker") continue;
            entries.Add(Directory.Exists(entry)
                ? $"dir {relative} {File.GetUnixFileMode(entry)}"
                : $"file {relative} {File.GetUnixFileMode(entry)} {new FileInfo(entry).Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry)))[..16]} {File.GetLastWriteTimeUtc(entry):O}");
        }
        entries.Sort(StringComparer.Ordinal);
        return entries;
    }
}
