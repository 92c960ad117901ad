using System.Text;

namespace ProxyServer.Runtime.Ssi;

/// <summary><c>echo</c>'s encodings: nginx 1.22's ngx_escape_uri with NGX_ESCAPE_HTML and ngx_escape_html.</summary>
internal static class SsiEscaping
{
    /// <summary>
    /// ngx_escape_uri's <c>html</c> table as nginx 1.22 has it: space, <c>" # % ' &lt; &gt; \ ^ ` { | }</c>, controls
    /// and bytes from 0x7F become <c>%XX</c> (asked of Debian's nginx 1.22.1, byte by byte).
    /// </summary>
    public static string EscapeHtmlUri(string value)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c <= ' ' || c >= '\x7f' || c is '"' or '#' or '%' or '\'' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}')
            {
                builder ??= new StringBuilder(value, 0, i, value.Length + 8);
                builder.Append('%').Append(((int)c & 0xff).ToString("X2"));
            }
            else
            {
                builder?.Append(c);
            }
        }
        return builder?.ToString() ?? value;
    }

    /// <summary>ngx_escape_html: <c>&lt; &gt; &amp; "</c> as entities.</summary>
    public static string EscapeHtml(string value)
    {
        if (value.AsSpan().IndexOfAny("<>&\"") < 0) return value;
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }
}
