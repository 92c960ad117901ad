using System.Text;
using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Static;

/// <summary>
/// A document root in a temp directory (files, directories, an index, names with spaces and
/// percent signs) and the header-level comparison of static responses: what nginx and we
/// answer must agree on status, the headers a static response carries, and the body.
/// </summary>
public sealed class StaticSite : IDisposable
{
    /// <summary>Headers compared between nginx and us (Date and Server differ by nature; Expires is time-dependent).</summary>
    public static readonly string[] ComparedHeaders =
    [
        "Location", "Content-Type", "Content-Length", "ETag", "Last-Modified", "Accept-Ranges", "Content-Range",
        "Cache-Control", "X-A", "X-B", "X-Always", "Link",
    ];

    public StaticSite()
    {
        Root = TempDirectory.Create("static-root-");
        Write("index.html", "<h1>root index</h1>\n");
        Write("hello.txt", "hello world 0123456789\n");
        Write("style.CSS", "body{}\n");
        Write("README", "no extension\n");
        Write(".hidden", "dot file\n");
        Write("data.json", "{\"a\":1}\n");
        Write("a file.txt", "space\n");
        Write("p%q.txt", "percent\n");
        Write("caf\u00e9.txt", "utf8\n");
        Write("404.html", "custom not found\n");
        Write("empty.txt", "");
        Write("dir/index.html", "dir index\n");
        Write("dir/page.html", "dir page\n");
        Write("dir/sub/deep.txt", "deep\n");
        Write("a dir/index.htm", "htm index in a spaced dir\n");
        Write("noindex/file.txt", "x\n");
        Write("h/f.txt", "headers\n");
        Write("h/sub/g.txt", "headers sub\n");
        Write("types/x.foo", "foo\n");
        Write("vhosts/static.test/vh/index.html", "virtual host index\n");
        Write("vhosts/static.test/vh/sub/index.html", "virtual host sub index\n");
        Write("types/x.html", "html here\n");
        Write("types/x.unknown", "?\n");
        Directory.CreateDirectory(Path.Combine(Root, "emptydir"));
        var fixedTime = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, fixedTime);
    }

    public string Root { get; }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }

    /// <summary>Status, the compared headers (all values of each, in order) and the body, with ports and boundaries normalised.</summary>
    public static string Describe(RawResponse response, int port)
    {
        if (response.IsEmpty) return "(connection closed without response)";
        var text = new StringBuilder().Append(response.Status).Append('\n');
        foreach (var name in ComparedHeaders)
        {
            var values = response.Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
            // nginx's own pages embed the server token, whose length differs by design (ServerIdentity).
            if (name == "Content-Length" && response.Status >= 300 && response.Header("Content-Type") == "text/html") values = ["(page length)"];
            if (values.Count > 0) text.Append(name).Append(": ").Append(string.Join(" | ", values)).Append('\n');
        }
        text.Append('\n').Append(response.Body);
        var described = text.ToString().Replace(port.ToString(), "PORT");
        described = Boundary.Replace(described, "BOUNDARY");
        return ServerToken.Replace(described, "<hr><center>SERVER</center>");
    }

    private static readonly Regex Boundary = new("(?<=boundary=|--)[0-9]{20}", RegexOptions.Compiled);
    private static readonly Regex ServerToken = new("<hr><center>[^<]*</center>", RegexOptions.Compiled);

    /// <summary>Sends <paramref name="rawRequest"/> to both and asserts the descriptions agree.</summary>
    public static async Task AssertSameAsync(DifferentialPair pair, string rawRequest)
    {
        var (nginx, ours) = await pair.SendAsync(rawRequest);
        var expected = Describe(nginx, pair.NginxPort());
        var actual = Describe(ours, pair.OurPort());
        Assert.True(expected == actual, $"request:\n{rawRequest}\nnginx:\n{expected}\nproxyserver:\n{actual}\nour error log:\n{pair.Ours.ErrorLog}");
    }

    public void Dispose() => TempDirectory.TryDelete(Root);
}
