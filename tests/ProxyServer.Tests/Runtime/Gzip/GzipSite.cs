using System.IO.Compression;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Gzip;

/// <summary>
/// A document root both servers serve (same files, same mtimes, so the same ETags) and the comparison
/// the gzip tests make: status, the headers a filter touches, and the body after gzip decoding.
/// </summary>
public sealed class GzipSite : IDisposable
{
    public static readonly string[] ComparedHeaders =
    [
        "Content-Encoding", "Vary", "ETag", "Content-Type", "Content-Length", "Accept-Ranges", "Content-Range", "Last-Modified", "X-Sub",
    ];

    public GzipSite()
    {
        Root = TempDirectory.Create("gzip-root-");
        var text = new StringBuilder();
        for (var i = 0; text.Length < 20000; i++) text.Append("line ").Append(i).Append(" of some compressible html text\n");
        Write("big.html", text.ToString());
        Write("small.html", "tiny\n");
        Write("t.txt", new string('t', 1000));
        Write("data.json", "{\"a\":\"" + new string('j', 500) + "\"}");
        Write("x.css", new string('c', 500));
        Write("x.gif", new string('g', 500));
        Write("empty.html", "");
        Write("pre.html", "plain pre\n");
        WriteBytes("pre.html.gz", Compress(string.Concat(Enumerable.Repeat("precompressed pre\n", 50))));
        WriteBytes("only.txt.gz", Compress("only the gz file\n"));
        WriteBytes("bad.html.gz", Encoding.ASCII.GetBytes("this is not gzip at all"));
    }

    /// <summary>Bytes gzip-compressed (for the precompressed files gzip_static and gunzip read).</summary>
    public static byte[] Compress(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(Encoding.Latin1.GetBytes(text));
        return output.ToArray();
    }

    public string Root { get; }

    public void Write(string name, string content)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));
    }

    public void WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc));
    }

    /// <summary>Sends <paramref name="request"/> to both servers of <paramref name="pair"/> (two ports) and asserts the same <see cref="Describe"/>.</summary>
    public static async Task AssertSameAsync(DifferentialPair pair, string request)
    {
        var (nginx, ours) = await pair.SendAsync(request);
        var expected = Describe(nginx, [pair.NginxPort(0), pair.NginxPort(1)]);
        var actual = Describe(ours, [pair.OurPort(0), pair.OurPort(1)]);
        Assert.True(expected == actual, $"request:\n{request}\nnginx:\n{expected}\nproxyserver:\n{actual}\nour error log:\n{pair.Ours.ErrorLog}");
    }

    /// <summary>The comparable part of a response: status, the compared headers, and the body gunzipped when it says gzip.</summary>
    public static string Describe(RawResponse response, int[] ports)
    {
        if (response.IsEmpty) return "(connection closed without response)";
        var text = new StringBuilder().Append(response.Status).Append('\n');
        // nginx's pages name the server, whose token differs in length.
        var page = response.Body.Contains("<hr><center>", StringComparison.Ordinal);
        foreach (var name in ComparedHeaders)
            foreach (var (header, value) in response.Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                text.Append(name).Append(": ").Append(page && name == "Content-Length" ? "(page)" : value).Append('\n');
        var body = response.Body;
        if (response.Header("Content-Encoding") == "gzip" && body.Length > 0) body = Gunzip(body);
        for (var i = 0; i < ports.Length; i++) body = body.Replace(ports[i].ToString(), $"{{{{P{i}}}}}");
        body = System.Text.RegularExpressions.Regex.Replace(body, "<hr><center>[^<]*</center>", "<hr><center>SERVER</center>");
        return text.Append('\n').Append(body).ToString();
    }

    /// <summary>The gzip body decoded (Latin-1 in and out, as RawHttp reads bytes), or a marker when it is not a whole gzip stream.</summary>
    public static string Gunzip(string latin1)
    {
        try
        {
            var bytes = Encoding.Latin1.GetBytes(latin1);
            using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            // .NET stops quietly at the end of a truncated stream: a whole one ends with the decoded length (ISIZE).
            if (bytes.Length < 18 || BitConverter.ToUInt32(bytes, bytes.Length - 4) != (uint)output.Length)
                return "(not a whole gzip stream: no trailer)";
            return Encoding.Latin1.GetString(output.ToArray());
        }
        catch (InvalidDataException e)
        {
            return "(not a whole gzip stream: " + e.Message + ")";
        }
    }

    public void Dispose() => TempDirectory.TryDelete(Root);
}

/// <summary>A <see cref="GzipSite"/> served by nginx and by us with one config (ports {{P0}}, {{P1}}): the filter tests' class fixture.</summary>
public abstract class FilterSitePair : IDisposable
{
    protected FilterSitePair(Func<GzipSite, string> httpTemplate)
    {
        Pair = DifferentialPair.StartHttp(httpTemplate(Site), portCount: 2);
    }

    public GzipSite Site { get; } = new();
    public DifferentialPair Pair { get; }

    public void Dispose()
    {
        Pair.Dispose();
        Site.Dispose();
        GC.SuppressFinalize(this);
    }
}
