using System.Net;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>fastcgi_pass's wire for the one attempt loop: FastCGI records through <see cref="FastCgiHandler"/>.</summary>
public sealed class FastCgiProtocol(FastCgiSettings settings, UpstreamKeepalive? keepalive) : IUpstreamProtocol
{
    public string Scheme => "fastcgi";
    public NextUpstreamRules NextUpstream => settings.NextUpstream;
    public TimeSpan ReadTimeout => settings.ReadTimeout;
    public bool InterceptErrors => settings.InterceptErrors;
    public bool PassRequestBody => settings.PassRequestBody;
    public Version Version => HttpVersion.Version11;

    /// <summary>Never connected to: the handler reads the peer from the exchange.</summary>
    public string Destination(UpstreamPeer peer) => "http://fastcgi";

    public HttpMessageInvoker ClientFor(NginxRequest request, UpstreamKeepalive? groupKeepalive) =>
        request.Model.Cycle.UpstreamClients.Wire(() => new FastCgiHandler());

    public bool SendsUpgrade(NginxRequest request) => false;

    public UpstreamTransformer CreateTransformer(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt, Func<int, bool> passesOn, Action upstreamComplete) =>
        new FastCgiTransformer(new FastCgiExchange(request, peer, attempt, settings, keepalive), passesOn, upstreamComplete);
}

/// <summary>One request to one peer, as the transformer evaluated it, riding on the request's options to <see cref="FastCgiHandler"/>.</summary>
public sealed class FastCgiExchange(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt, FastCgiSettings settings, UpstreamKeepalive? keepalive)
{
    public static readonly HttpRequestOptionsKey<FastCgiExchange> Key = new("proxyserver.fastcgi-exchange");

    public NginxRequest Request => request;
    public UpstreamPeer Peer => peer;
    public UpstreamAttempt Attempt => attempt;
    public FastCgiSettings Settings => settings;

    /// <summary>Connections are kept only with <c>fastcgi_keep_conn on</c> and the group's <c>keepalive</c>.</summary>
    public UpstreamKeepalive? Keepalive => settings.KeepConn ? keepalive : null;

    /// <summary>The params of this request (<c>fastcgi_param</c> and the client's headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Params { get; set; } = [];

    /// <summary>The error log's <c>upstream: "..."</c> for this peer.</summary>
    public string UpstreamName { get; } = "fastcgi://" + ProxyAttemptLoop.LogName(peer);

    /// <summary>nginx's error line for what the peer did, with the stage it happened in.</summary>
    public void LogError(string message, bool headerRead) =>
        request.ErrorLog.Write(Logging.LogLevel.Error, request,
            message + (headerRead ? " while reading upstream" : " while reading response header from upstream"), UpstreamName);
}

/// <summary>Puts the evaluated params and the exchange on the request; the way back is <see cref="UpstreamTransformer"/>'s.</summary>
public sealed class FastCgiTransformer(FastCgiExchange exchange, Func<int, bool> passesOn, Action upstreamComplete)
    : UpstreamTransformer(exchange.Settings.HiddenHeaders, passesOn, upstreamComplete)
{
    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        proxyRequest.RequestUri = new Uri(destinationPrefix);
        proxyRequest.Options.Set(UpstreamClient.AttemptKey, exchange.Attempt);
        exchange.Params = exchange.Settings.Params.Evaluate(exchange.Request, exchange.Settings.PassRequestHeaders);
        proxyRequest.Options.Set(FastCgiExchange.Key, exchange);
        return ValueTask.CompletedTask;
    }
}
