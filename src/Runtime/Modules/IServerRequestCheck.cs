using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Modules;

/// <summary>
/// A check made once the request's server is known, before its phases run (nginx's
/// ngx_http_process_request and ngx_http_set_virtual_server), such as the TLS module's 497/495/496/421.
/// </summary>
public interface IServerRequestCheck
{
    /// <summary>The status to finalize the request with, or 0 to go on.</summary>
    int Check(NginxRequest request);
}
