using System.Text;

namespace ProxyServer.Runtime.Http;

/// <summary>nginx's <c>ngx_escape_uri</c> (src/core/ngx_string.c) for the modules that put a URI back on the wire.</summary>
public static class UriEscaping
{
    /// <summary>ngx_escape_uri with NGX_ESCAPE_URI: space, <c>#</c>, <c>%</c>, <c>?</c>, controls and bytes from 0x7F.</summary>
    internal static string EscapeUri(string uri) => Escape(uri, c => c is '#' or '%' or '?');

    /// <summary>
    /// ngx_escape_uri with NGX_ESCAPE_HTML (SSI's <c>echo encoding="url"</c>) as nginx 1.22 has it: space,
    /// <c>" # % ' &lt; &gt; \ ^ ` { | }</c>, controls and bytes from 0x7F (asked of Debian's nginx 1.22.1, byte by byte).
    /// </summary>
    public static string EscapeHtmlUri(string value) => Escape(value, c => c is '"' or '#' or '%' or '\'' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}');

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

    /// <summary>ngx_escape_uri's loop: controls, space and bytes from 0x7F always, plus the table's own characters, as <c>%XX</c>.</summary>
    private static string Escape(string value, Func<char, bool> inTable)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c <= ' ' || c >= '\x7f' || inTable(c))
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
}
