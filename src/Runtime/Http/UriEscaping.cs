using System.Text;

namespace ProxyServer.Runtime.Http;

/// <summary>nginx's <c>ngx_escape_uri</c> (src/core/ngx_string.c) for the modules that put a URI back on the wire.</summary>
public static class UriEscaping
{
    private static readonly System.Buffers.SearchValues<char> UriSpecials = System.Buffers.SearchValues.Create("#%?\"<>\\^`{|}");

    /// <summary>
    /// ngx_escape_uri with NGX_ESCAPE_URI: controls, space and bytes from 0x7F, <c>#</c>, <c>%</c>,
    /// <c>?</c>, and what RFC 3986 does not allow unescaped: <c>" &lt; &gt; \ ^ ` { | }</c>.
    /// </summary>
    internal static string EscapeUri(string uri) => Escape(uri, UriSpecials);

    private static readonly System.Buffers.SearchValues<char> HtmlSpecials = System.Buffers.SearchValues.Create("\"#%'<>\\^`{|}");

    /// <summary>
    /// ngx_escape_uri with NGX_ESCAPE_HTML (SSI's <c>echo encoding="url"</c>) as nginx 1.22 has it: controls, space and
    /// bytes from 0x7F, and <c>" # % ' &lt; &gt; \ ^ ` { | }</c> (asked of Debian's nginx 1.22.1, byte by byte).
    /// </summary>
    public static string EscapeHtmlUri(string value) => Escape(value, HtmlSpecials);

    /// <summary>ngx_unescape_uri (type 0): <c>%XX</c> decoded; a <c>%</c> not followed by two hex digits is dropped with what broke it.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('%')) return text;
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                result.Append(text[i]);
                continue;
            }
            if (i + 1 >= text.Length) break;
            var high = HexValue(text[i + 1]);
            if (high < 0)
            {
                result.Append(text[i + 1]);
                i++;
                continue;
            }
            if (i + 2 >= text.Length) break;
            var low = HexValue(text[i + 2]);
            if (low >= 0) result.Append((char)(high * 16 + low));
            i += 2;
        }
        return result.ToString();
    }

    /// <summary>A hex digit's value, or -1.</summary>
    internal static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// Percent-encodes (<c>%XX</c>, upper case) the controls, space and bytes from 0x7F of a byte string
    /// (one char per byte), and the characters in <paramref name="specials"/>, as ngx_escape_uri does with its tables.
    /// </summary>
    public static string Escape(string uri, System.Buffers.SearchValues<char> specials)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < uri.Length; i++)
        {
            var c = uri[i];
            if (c <= ' ' || c >= '\x7f' || specials.Contains(c))
            {
                builder ??= new StringBuilder(uri, 0, i, uri.Length + 8);
                builder.Append('%').Append(((int)c & 0xff).ToString("X2"));
            }
            else
            {
                builder?.Append(c);
            }
        }
        return builder?.ToString() ?? uri;
    }

    /// <summary>ngx_escape_uri with NGX_ESCAPE_MEMCACHED (a memcached key): space, <c>%</c> and controls below 0x20.</summary>
    public static string EscapeMemcached(string key)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c < ' ' || c is ' ' or '%')
            {
                builder ??= new StringBuilder(key, 0, i, key.Length + 8);
                builder.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                builder?.Append(c);
            }
        }
        return builder?.ToString() ?? key;
    }

    /// <summary>
    /// Control bytes (below 0x20, and 0x7F) as <c>%XX</c>, the rest as it is: for a Location a variable filled
    /// (<c>return 302 /x$uri</c> with <c>%0D%0A</c> in the URI). nginx 1.22 writes such bytes as they are, so the
    /// client receives a header line the URI injected; a response header cannot carry them here, so they go
    /// escaped, as nginx's rewrite escapes a capture.
    /// </summary>
    internal static string EscapeControls(string value)
    {
        if (value.AsSpan().IndexOfAnyInRange('\0', '\x1f') < 0 && !value.Contains('\x7f')) return value;
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c < ' ' || c == '\x7f') builder.Append('%').Append(((int)c).ToString("X2"));
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
