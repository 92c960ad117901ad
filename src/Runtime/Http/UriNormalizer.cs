using System.Text;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's request-target parsing (ngx_http_parse_complex_uri with merge_slashes on): the path
/// ends at <c>?</c> (arguments) or <c>#</c>; <c>%XX</c> is decoded and the decoded byte is parsed
/// like a written one (so <c>%2e%2e</c> is <c>..</c>), except <c>%25 %23 %3F</c> which stay
/// literal; <c>%00</c> or a broken escape is invalid; <c>//</c> merges; <c>.</c> and <c>..</c>
/// segments resolve, and going above the root is invalid (400).
/// </summary>
public static class UriNormalizer
{
    public readonly record struct Parsed(string Path, string Args, bool HasArgs, bool Quoted);

    /// <summary>Splits and normalises a raw origin-form target; null when nginx would answer 400.</summary>
    public static Parsed? Parse(string target)
    {
        var question = target.IndexOf('?');
        var pathPart = question >= 0 ? target[..question] : target;
        var args = question >= 0 ? target[(question + 1)..] : "";
        var hash = pathPart.IndexOf('#');
        if (hash >= 0) pathPart = pathPart[..hash];
        var argsHash = args.IndexOf('#');
        if (argsHash >= 0) args = args[..argsHash];
        if (pathPart.Length == 0 || pathPart[0] != '/') return null;

        var quoted = pathPart.Contains('%') || pathPart.Contains('+');
        var decoded = Decode(pathPart);
        if (decoded is null) return null;
        var path = RemoveDotSegments(decoded);
        return path is null ? null : new Parsed(path, args, question >= 0, quoted);
    }

    /// <summary>Percent-decoding; null on a broken escape or a decoded NUL.</summary>
    private static string? Decode(string path)
    {
        if (!path.Contains('%')) return path;
        var builder = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }
            if (i + 2 >= path.Length) return null;
            var high = UriEscaping.HexValue(path[i + 1]);
            var low = UriEscaping.HexValue(path[i + 2]);
            if (high < 0 || low < 0) return null;
            var value = (char)(high * 16 + low);
            if (value == '\0') return null;
            builder.Append(value);
            i += 2;
        }
        return builder.ToString();
    }

    /// <summary>Merges slashes and resolves dot segments; null when <c>..</c> climbs above the root.</summary>
    public static string? RemoveDotSegments(string path)
    {
        if (!path.Contains("//", StringComparison.Ordinal) && !path.Contains("/.", StringComparison.Ordinal)) return path;
        var segments = new List<string>();
        var parts = path.Split('/');
        var trailingSlash = false;
        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            switch (part)
            {
                case "":
                    trailingSlash = last;
                    break;
                case ".":
                    trailingSlash = last;
                    break;
                case "..":
                    if (segments.Count == 0) return null;
                    segments.RemoveAt(segments.Count - 1);
                    trailingSlash = last;
                    break;
                default:
                    segments.Add(part);
                    trailingSlash = false;
                    break;
            }
        }
        var builder = new StringBuilder(path.Length);
        foreach (var segment in segments) builder.Append('/').Append(segment);
        if (trailingSlash || segments.Count == 0) builder.Append('/');
        return builder.ToString();
    }
}
