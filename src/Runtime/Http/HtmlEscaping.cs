using System.Text;

namespace ProxyServer.Runtime.Http;

/// <summary>ngx_escape_html (src/core/ngx_string.c): SSI's <c>echo encoding="entity"</c> and autoindex's listings.</summary>
public static class HtmlEscaping
{
    /// <summary><c>&lt; &gt; &amp; "</c> as entities.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("<>&\"") < 0) return value;
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '"': builder.Append("&quot;"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }
}
