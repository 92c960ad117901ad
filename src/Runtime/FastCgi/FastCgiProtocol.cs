using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>One FastCGI request to one peer: the CGI exchange plus fastcgi's own settings and the group's keepalive.</summary>
public sealed class FastCgiExchange(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt, FastCgiSettings settings, UpstreamKeepalive? keepalive)
    : CgiExchange(request, peer, attempt, settings.Cgi, "fastcgi")
{
    public FastCgiSettings FastCgi => settings;

    /// <summary>Connections are kept only with <c>fastcgi_keep_conn on</c> and the group's <c>keepalive</c>.</summary>
    public UpstreamKeepalive? Keepalive => settings.KeepConn ? keepalive : null;

    /// <summary>fastcgi_pass's wire for the one attempt loop: FastCGI records through <see cref="FastCgiHandler"/>.</summary>
    public static CgiUpstreamProtocol Protocol(FastCgiSettings settings, UpstreamKeepalive? keepalive) =>
        new("fastcgi", settings.Cgi, () => new FastCgiHandler(), (request, peer, attempt) => new FastCgiExchange(request, peer, attempt, settings, keepalive));
}
