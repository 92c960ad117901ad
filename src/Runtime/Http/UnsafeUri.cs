using System.Text;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// ngx_http_parse_unsafe_uri: a URI a module was handed (an upstream's <c>X-Accel-Redirect</c>) split at <c>?</c> into
/// path and arguments, refused when empty, starting with <c>?</c>, holding a NUL or a <c>..</c> segment; one with
/// <c>%</c> escapes is unescaped once (ngx_unescape_uri) and its segments checked again.
/// </summary>
public static class UnsafeUri
{
    public readonly record struct Parsed(string Path, string? Args);

    /// <summary>The path and arguments, or null with <paramref name="named"/> the URI nginx's "unsafe URI" line names.</summary>
    public static Parsed? Parse(string uri, out string named)
    {
        named = uri;
        if (uri.Length == 0 || uri[0] == '?') return null;
        if (uri.StartsWith("..", StringComparison.Ordinal) && (uri.Length == 2 || uri[2] == '/')) return null;
        var quoted = false;
        var end = uri.Length;
        string? args = null;
        for (var i = 0; i < uri.Length; i++)
        {
            var ch = uri[i];
            if (ch == '%') quoted = true;
            else if (ch == '?')
            {
                args = uri[(i + 1)..];
                end = i;
                break;
            }
            else if (ch == '\0')
            {
                named = uri[..i];
                return null;
            }
            else if (ch == '/' && uri.Length - i > 2 && uri[i + 1] == '.' && uri[i + 2] == '.' && (uri.Length - i == 3 || uri[i + 3] == '/'))
            {
                named = uri;
                return null;
            }
        }
        var path = uri[..end];
        if (!quoted) return new Parsed(path, args);
        // unescaped once, then checked again for NUL and ".." segments only (no second split at "?")
        var unescaped = Unescape(path);
        named = unescaped;
        if (unescaped.StartsWith("..", StringComparison.Ordinal) && (unescaped.Length == 2 || unescaped[2] == '/')) return null;
        for (var i = 0; i < unescaped.Length; i++)
        {
            if (unescaped[i] == '\0') return null;
            if (unescaped[i] == '/' && unescaped.Length - i > 2 && unescaped[i + 1] == '.' && unescaped[i + 2] == '.'
                && (unescaped.Length - i == 3 || unescaped[i + 3] == '/'))
                return null;
        }
        return new Parsed(unescaped, args);
    }

    /// <summary>ngx_unescape_uri (type 0): <c>%XX</c> decoded; a <c>%</c> not followed by two hex digits is dropped with the digit it had.</summary>
    private static string Unescape(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                result.Append(text[i]);
                continue;
            }
            if (i + 1 < text.Length && Uri.IsHexDigit(text[i + 1]))
            {
                if (i + 2 < text.Length && Uri.IsHexDigit(text[i + 2]))
                {
                    result.Append((char)Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else if (i + 2 < text.Length)
                {
                    result.Append(text[i + 2]);
                    i += 2;
                }
                else i += 1;
            }
            else if (i + 1 < text.Length)
            {
                result.Append(text[i + 1]);
                i += 1;
            }
        }
        return result.ToString();
    }
}
