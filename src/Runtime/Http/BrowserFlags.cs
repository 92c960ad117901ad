namespace ProxyServer.Runtime.Http;

/// <summary>
/// The browser flags nginx derives from the first User-Agent header (ngx_http_process_user_agent),
/// which only <c>msie_padding</c> and <c>msie_refresh</c> read: MSIE is "MSIE " with at least three
/// more characters, unless the agent also says "Opera"; Chrome is "Chrome/" when neither of those nor
/// "Gecko/" (Firefox) matched first.
/// </summary>
public readonly record struct BrowserFlags(bool Msie, bool Chrome)
{
    public static BrowserFlags Of(NginxRequest request)
    {
        var values = request.Http.Request.Headers.UserAgent;
        if (values.Count == 0 || values[0] is not { } agent) return default;
        var msieAt = agent.IndexOf("MSIE ", StringComparison.Ordinal);
        var msie = msieAt >= 0 && msieAt + 7 < agent.Length;
        if (agent.Contains("Opera", StringComparison.Ordinal)) return default;
        if (msie) return new BrowserFlags(true, false);
        if (agent.Contains("Gecko/", StringComparison.Ordinal)) return default;
        return new BrowserFlags(false, agent.Contains("Chrome/", StringComparison.Ordinal));
    }
}
