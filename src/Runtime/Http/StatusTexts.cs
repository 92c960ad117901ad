namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's status lines and the titles of its built-in error pages (ngx_http_header_filter_module.c,
/// ngx_http_special_response.c of 1.22): the reason phrase a status line carries, and for the
/// statuses that have one, the page body nginx sends.
/// </summary>
public static class StatusTexts
{
    private static readonly Dictionary<int, string> Reasons = new()
    {
        [200] = "OK", [201] = "Created", [202] = "Accepted", [204] = "No Content", [206] = "Partial Content",
        [301] = "Moved Permanently", [302] = "Moved Temporarily", [303] = "See Other", [304] = "Not Modified",
        [307] = "Temporary Redirect", [308] = "Permanent Redirect",
        [400] = "Bad Request", [401] = "Unauthorized", [402] = "Payment Required", [403] = "Forbidden",
        [404] = "Not Found", [405] = "Not Allowed", [406] = "Not Acceptable", [408] = "Request Time-out",
        [409] = "Conflict", [410] = "Gone", [411] = "Length Required", [412] = "Precondition Failed",
        [413] = "Request Entity Too Large", [414] = "Request-URI Too Large", [415] = "Unsupported Media Type",
        [416] = "Requested Range Not Satisfiable", [421] = "Misdirected Request", [429] = "Too Many Requests",
        [500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway",
        [503] = "Service Temporarily Unavailable", [504] = "Gateway Time-out", [505] = "HTTP Version Not Supported",
        [507] = "Insufficient Storage",
    };

    /// <summary>Page titles where they differ from the reason phrase.</summary>
    private static readonly Dictionary<int, string> Titles = new()
    {
        [302] = "Found", [401] = "Authorization Required",
    };

    /// <summary>The 49x codes nginx answers as 400 with an explanatory line.</summary>
    private static readonly Dictionary<int, string> BadRequestVariants = new()
    {
        [494] = "Request Header Or Cookie Too Large",
        [495] = "The SSL certificate error",
        [496] = "No required SSL certificate was sent",
        [497] = "The plain HTTP request was sent to HTTPS port",
    };

    private static readonly HashSet<int> NoPage = [300, 304, 407, 417, 418, 506, 508];

    /// <summary>What nginx appends to a 4xx/5xx page for MSIE and Chrome (<c>msie_padding</c>): six comment lines.</summary>
    public static readonly string MsiePadding = string.Concat(Enumerable.Repeat("<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n", 6));

    /// <summary>
    /// The page <c>msie_refresh</c> sends instead of a redirect. The URL is escaped as nginx's
    /// NGX_ESCAPE_REFRESH does: controls, space, non-ASCII and <c>"'&lt;&gt;\^`{|~</c> become %XX.
    /// </summary>
    public static string RefreshPage(string location)
    {
        var url = new System.Text.StringBuilder(location.Length);
        foreach (var b in Core.ByteString.ToBytes(location))
        {
            if (b <= 0x20 || b >= 0x7F || "\"'<>\\^`{|~".Contains((char)b)) url.Append('%').Append(b.ToString("X2"));
            else url.Append((char)b);
        }
        return $"<html><head><meta http-equiv=\"Refresh\" content=\"0; URL={url}\"></head><body></body></html>\r\n";
    }

    /// <summary>The reason phrase of a status line; "" for codes nginx has none for.</summary>
    public static string Reason(int status) => Reasons.GetValueOrDefault(status, "");

    /// <summary>The status nginx actually sends for a special response (494..497 become 400).</summary>
    public static int SentStatus(int status) => BadRequestVariants.ContainsKey(status) ? 400 : status;

    /// <summary>
    /// The body nginx sends for <paramref name="status"/> (<c>&lt;html&gt;\r\n&lt;head&gt;&lt;title&gt;404 Not Found...</c>),
    /// or null when it sends none. <paramref name="serverTag"/> goes where nginx prints its version.
    /// </summary>
    public static string? Page(int status, string serverTag)
    {
        string head;
        if (BadRequestVariants.TryGetValue(status, out var variant))
        {
            head = $"<html>\r\n<head><title>400 {variant}</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>{variant}</center>\r\n";
        }
        else
        {
            var shown = status == 498 ? 404 : status;
            if (NoPage.Contains(status) || shown < 301 || !Reasons.ContainsKey(shown) || shown == 304) return null;
            var title = $"{shown} {Titles.GetValueOrDefault(shown, Reasons[shown])}";
            head = $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n";
        }
        return head + $"<hr><center>{serverTag}</center>\r\n</body>\r\n</html>\r\n";
    }
}
