using System.Net.Http.Headers;

namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>
/// The peer's response header lines as nginx 1.22's variables read them from <c>u->headers_in</c>: the first
/// line of a name, its value as sent (ngx_http_variable_unknown_header; nginx joins repeated lines only from
/// 1.23), the name written lower-case with <c>_</c> for <c>-</c>.
/// </summary>
public static class UpstreamHeaders
{
    /// <summary><c>$upstream_http_NAME</c>.</summary>
    public static string? Header(HttpResponseMessage? response, string name)
    {
        if (response is null) return null;
        var header = name.Replace('_', '-');
        return First(response.Headers.NonValidated, header) ?? First(response.Content.Headers.NonValidated, header);
    }

    /// <summary><c>$upstream_trailer_NAME</c>: a trailer line, once the body has been read to its end.</summary>
    public static string? Trailer(HttpResponseMessage? response, string name) =>
        response is null ? null : First(response.TrailingHeaders.NonValidated, name.Replace('_', '-'));

    /// <summary>
    /// <c>$upstream_cookie_NAME</c> (ngx_http_parse_set_cookie_lines): the first Set-Cookie line that starts with
    /// the name (any case), spaces, <c>=</c>; its value up to <c>;</c>, leading spaces dropped.
    /// </summary>
    public static string? Cookie(HttpResponseMessage? response, string name)
    {
        if (response is null || !response.Headers.NonValidated.TryGetValues("Set-Cookie", out var lines)) return null;
        foreach (var line in lines)
        {
            if (name.Length >= line.Length || !line.StartsWith(name, StringComparison.OrdinalIgnoreCase)) continue;
            var at = name.Length;
            while (at < line.Length && line[at] == ' ') at++;
            if (at == line.Length || line[at++] != '=') continue;
            while (at < line.Length && line[at] == ' ') at++;
            var end = line.IndexOf(';', at);
            return end < 0 ? line[at..] : line[at..end];
        }
        return null;
    }

    private static string? First(HttpHeadersNonValidated headers, string name)
    {
        if (name.Length == 0 || !headers.TryGetValues(name, out var values)) return null;
        foreach (var value in values) return value;
        return null;
    }
}
