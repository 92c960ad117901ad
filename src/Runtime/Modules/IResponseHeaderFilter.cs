using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Modules;

/// <summary>
/// Changes a response's headers as it starts, whatever produced it (static file, proxy, return,
/// error page): nginx's header filters (<c>add_header</c>, <c>expires</c>). Runs with the
/// status being sent, after the handler set its own headers.
/// </summary>
public interface IResponseHeaderFilter
{
    void Apply(NginxRequest request, int status);
}
