namespace ProxyServer.Runtime.Http;

/// <summary>
/// The browser flags nginx derives from the first User-Agent header (ngx_http_process_user_agent),
/// read by <c>msie_padding</c>, <c>msie_refresh</c> and <c>gzip_disable msie6</c>: MSIE is "MSIE " with
/// at least three more characters, unless the agent also says "Opera"; MSIE 6 is "MSIE 4.", "MSIE 5."
/// or "MSIE 6." without "SV1" after it; Chrome is "Chrome/" when neither of those nor "Gecko/" (Firefox)
/// matched first, and Safari (read by <c>keepalive_disable safari</c>) "Safari/" with "Mac OS X" when none of them did.
/// </summary>
public readonly record struct BrowserFlags(bool Msie, bool Chrome, bool Msie6 = false, bool Safari = false)
{
    public static BrowserFlags Of(NginxRequest request)
    {
        var values = request.Http.Request.Headers.UserAgent;
        if (values.Count == 0 || values[0] is not { } agent) return default;
        var msieAt = agent.IndexOf("MSIE ", StringComparison.Ordinal);
        var msie = msieAt >= 0 && msieAt + 7 < agent.Length;
        if (agent.Contains("Opera", StringComparison.Ordinal)) return default;
        if (msie)
        {
            var msie6 = agent[msieAt + 6] == '.' && agent[msieAt + 5] switch
            {
                '4' or '5' => true,
                '6' => agent.IndexOf("SV1", msieAt + 8, StringComparison.Ordinal) < 0,
                _ => false,
            };
            return new BrowserFlags(true, false, msie6);
        }
        if (agent.Contains("Gecko/", StringComparison.Ordinal)) return default;
        if (agent.Contains("Chrome/", StringComparison.Ordinal)) return new BrowserFlags(false, true);
        return new BrowserFlags(false, false, Safari: agent.Contains("Safari/", StringComparison.Ordinal) && agent.Contains("Mac OS X", StringComparison.Ordinal));
    }
}
