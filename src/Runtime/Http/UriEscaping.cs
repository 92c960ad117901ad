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
