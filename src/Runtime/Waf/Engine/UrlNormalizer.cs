using System.Text;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// The URL zone as nginx hands it to naxsi: percent-decoded, slashes merged, <c>.</c> and <c>..</c>
/// segments removed (<c>/a/../b</c> is <c>/b</c>; <c>..</c> never climbs above the root).
/// </summary>
internal static class UrlNormalizer
{
    public static string Normalize(string rawPath, ref PercentDecoder.Problems problems)
    {
        var plain = rawPath.AsSpan().IndexOfAny('%', '\0') < 0 && System.Text.Ascii.IsValid(rawPath);
        var decoded = plain ? rawPath : PercentDecoder.Decode(Encoding.Latin1.GetBytes(rawPath), ref problems);
        if (!NeedsWork(decoded)) return decoded;

        var segments = new List<string>();
        foreach (var segment in decoded.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        var trailingSlash = decoded.EndsWith('/') || decoded.EndsWith("/.", StringComparison.Ordinal) || decoded.EndsWith("/..", StringComparison.Ordinal);
        var path = "/" + string.Join('/', segments);
        return trailingSlash && segments.Count > 0 ? path + "/" : path;
    }

    /// <summary>A path the server already normalised, as a byte string: only the NUL and UTF-8 checks remain.</summary>
    public static string FromNormalized(string bytePath, ref PercentDecoder.Problems problems)
    {
        if (System.Text.Ascii.IsValid(bytePath) && bytePath.IndexOf('\0') < 0) return bytePath;
        var bytes = Encoding.Latin1.GetBytes(bytePath);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != 0) continue;
            bytes[i] = (byte)'0';
            problems |= PercentDecoder.Problems.BadHexOrNul;
        }
        return PercentDecoder.ToText(bytes, ref problems);
    }

    private static bool NeedsWork(string path) =>
        !path.StartsWith('/') || path.Contains("//", StringComparison.Ordinal) || path.Contains("/.", StringComparison.Ordinal);
}
