using System.Text;

namespace ProxyServer.Runtime.Ssi;

/// <summary><c>echo encoding="entity"</c>: ngx_escape_html (the url encoding is <see cref="Http.UriEscaping.EscapeHtmlUri"/>).</summary>
internal static class SsiEscaping
{
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
