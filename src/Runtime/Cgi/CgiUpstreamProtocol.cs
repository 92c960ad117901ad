using System.Net;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Cgi;

/// <summary>
/// One request to one peer of a CGI-speaking module, as its transformer evaluated it, riding on the request's
/// options to the module's handler (the <see cref="HttpMessageHandler"/> that speaks its wire).
/// </summary>
public class CgiExchange(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt, CgiSettings settings, string scheme)
{
    public static readonly HttpRequestOptionsKey<CgiExchange> Key = new("proxyserver.cgi-exchange");

    public NginxRequest Request => request;
    public UpstreamPeer Peer => peer;
    public UpstreamAttempt Attempt => attempt;
    public CgiSettings Settings => settings;

    /// <summary>The params of this request (<c>*_param</c> and the client's headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Params { get; set; } = [];

    /// <summary>The error log's <c>upstream: "..."</c> for this peer.</summary>
    public string UpstreamName { get; } = scheme + "://" + ProxyAttemptLoop.LogName(peer);

    /// <summary>nginx's error line for what the peer did, with the stage it happened in.</summary>
    public void LogError(string message, bool headerRead) => Log(Logging.LogLevel.Error, message, headerRead);

    /// <summary>A line at <paramref name="level"/> about what the peer did, with the stage it happened in.</summary>
    public void Log(Logging.LogLevel level, string message, bool headerRead) =>
        request.ErrorLog.Write(level, request,
            message + (headerRead ? " while reading upstream" : " while reading response header from upstream"), UpstreamName);

    /// <summary>The exchange a handler was given.</summary>
    public static T Of<T>(HttpRequestMessage message) where T : CgiExchange =>
        message.Options.TryGetValue(Key, out var exchange) && exchange is T typed
            ? typed
            : throw new InvalidOperationException($"a request to a CGI peer needs its {typeof(T).Name}");
}

/// <summary>
/// The wire of fastcgi_pass, scgi_pass and uwsgi_pass for the one attempt loop: the module's handler (one per
/// process, holding its connections) under YARP's forwarder, and <see cref="CgiTransformer"/>.
/// </summary>
public sealed class CgiUpstreamProtocol(string scheme, CgiSettings settings, Func<HttpMessageHandler> newHandler,
    Func<NginxRequest, UpstreamPeer, UpstreamAttempt, CgiExchange> newExchange) : IUpstreamProtocol
{
    public string Scheme => scheme;

    /// <summary>The location's settings of the module (its cache policy, hidden headers).</summary>
    public CgiSettings Settings => settings;
    public NextUpstreamRules NextUpstream => settings.NextUpstream;
    public TimeSpan ReadTimeout => settings.ReadTimeout;
    public bool InterceptErrors => settings.InterceptErrors;
    public bool Intercepts404 => settings.Intercepts404;
    public bool PassRequestBody => settings.PassRequestBody;
    public Version Version => HttpVersion.Version11;

    /// <summary>Never connected to: the handler reads the peer from the exchange.</summary>
    public string Destination(UpstreamPeer peer) => "http://" + scheme;

    public HttpMessageInvoker ClientFor(NginxRequest request, UpstreamKeepalive? keepalive) =>
        request.Model.Cycle.UpstreamClients.Wire(scheme, newHandler);

    public bool SendsUpgrade(NginxRequest request) => false;

    public UpstreamTransformer CreateTransformer(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt, Func<int, bool> passesOn, Action upstreamComplete) =>
        new CgiTransformer(newExchange(request, peer, attempt), passesOn, upstreamComplete);
}

/// <summary>Evaluates the params and puts the exchange on the request; the way back is <see cref="UpstreamTransformer"/>'s.</summary>
public sealed class CgiTransformer(CgiExchange exchange, Func<int, bool> passesOn, Action upstreamComplete)
    : UpstreamTransformer(exchange.Settings.HiddenHeaders, exchange.Attempt, passesOn, upstreamComplete)
{
    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        proxyRequest.RequestUri = new Uri(destinationPrefix);
        proxyRequest.Options.Set(UpstreamClient.AttemptKey, exchange.Attempt);
        exchange.Params = exchange.Settings.Params.Evaluate(exchange.Request, exchange.Settings.PassRequestHeaders);
        proxyRequest.Options.Set(CgiExchange.Key, exchange);
        return ValueTask.CompletedTask;
    }
}
