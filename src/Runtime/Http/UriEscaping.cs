using System.Text;

namespace ProxyServer.Runtime.Http;

/// <summary>nginx's <c>ngx_escape_uri</c> (src/core/ngx_string.c) for the modules that put a URI back on the wire.</summary>
public static class UriEscaping
{
    /// <summary>
    /// ngx_escape_uri with NGX_ESCAPE_URI: controls, space and bytes from 0x7F, <c>#</c>, <c>%</c>,
    /// <c>?</c>, and what RFC 3986 does not allow unescaped: <c>" &lt; &gt; \ ^ ` { | }</c>.
    /// </summary>
    internal static string EscapeUri(string uri)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < uri.Length; i++)
        {
            var c = uri[i];
            if (c <= ' ' || c >= '\x7f' || c is '#' or '%' or '?' or '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}')
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
}
