using System.Text;

namespace ProxyServer.Runtime.Http;

/// <summary>ngx_escape_json (src/core/ngx_string.c): for <c>log_format escape=json</c> and autoindex's json listing.</summary>
public static class JsonEscaping
{
    /// <summary><c>"</c> and <c>\</c> escaped, controls as <c>\n \r \t \b \f</c> or <c>\u00XX</c> (upper-case hex); other bytes as they are.</summary>
    public static string Escape(string value)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var replacement = c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\b' => "\\b", '\f' => "\\f",
                < ' ' => $"\\u{(int)c:X4}",
                _ => null,
            };
            if (replacement is null)
            {
                builder?.Append(c);
                continue;
            }
            builder ??= new StringBuilder(value, 0, i, value.Length + 8);
            builder.Append(replacement);
        }
        return builder?.ToString() ?? value;
    }
}
