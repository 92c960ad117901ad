using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;
using Yarp.ReverseProxy.Forwarder;

namespace ProxyServer.Runtime.Proxy;

public enum AttemptKind { Answered, Dropped, Failed, ClientGone }

/// <summary>How one attempt at one peer ended.</summary>
public sealed record AttemptResult(AttemptKind Kind)
{
    public UpstreamFailure Failure { get; init; }
    public bool RequestSent { get; init; }
    public string Description { get; init; } = "";
    public string Stage { get; init; } = "connecting to";
    public TimeSpan? HeaderTime { get; init; }
    public TimeSpan? Total { get; init; }
}

/// <summary>
/// Sends the request to one peer through YARP and reports the outcome in nginx's terms: answered,
/// dropped for a retry (a status listed in proxy_next_upstream), or failed with nginx's reason and log
/// text. The response reaches the client only when it is answered.
/// </summary>
public sealed class UpstreamAttemptForwarder(NginxRequest request, ProxySettings settings, ProxyTarget target, string uri,
    UpstreamKeepalive? keepalive = null)
{
    private bool _hooked;

    public async Task<AttemptResult> SendAsync(UpstreamPeer peer, UpstreamAttempt attempt, Func<int, bool> dropStatus)
    {
        var http = request.Http;
        var response = http.Response;
        HookResponseOnce(response);
        if (http.Request.Body.CanSeek) http.Request.Body.Position = 0;
        http.Features.Set<IForwarderErrorFeature>(null);

        var destination = $"{target.Scheme}://{peer.Name}";
        var transformer = new NginxRequestTransformer(destination + uri, target.ProxyHost, settings, dropStatus, request);
        var config = new ForwarderRequestConfig
        {
            ActivityTimeout = settings.ReadTimeout,
            Version = settings.Http11 ? HttpVersion.Version11 : HttpVersion.Version10,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var started = Stopwatch.GetTimestamp();
        var body = response.Body;
        var counting = new CountingStream(body);
        response.Body = counting;
        ForwarderError error;
        UpstreamClient.CurrentAttempt.Value = attempt;
        try
        {
            var client = Tls.Upstream.UpstreamTls.ClientFor(request, target.Scheme, settings.ConnectTimeout, keepalive) ?? request.Model.Cycle.UpstreamClients.For(settings.ConnectTimeout, keepalive);
            var forwarder = request.Model.Cycle.UpstreamClients.Forwarder;
            // Whether our headers ask the peer to switch matters only for a request that could switch.
            var upgradable = http.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
            var upgrade = upgradable && settings.Headers.SendsUpgrade(request);
            error = settings.PassRequestBody && (upgrade || !upgradable)
                ? await forwarder.SendAsync(http, destination, client, config, transformer)
                : await ProxyRequestParts.AsSentAsync(http, settings.PassRequestBody, upgrade,
                    () => forwarder.SendAsync(http, destination, client, config, transformer).AsTask());
        }
        finally
        {
            UpstreamClient.CurrentAttempt.Value = null;
            response.Body = body;
            request.BodyBytesSent += counting.Written;
        }
        var total = Stopwatch.GetElapsedTime(started);
        attempt.ResponseMs = (long)total.TotalMilliseconds;
        if (transformer.HeaderTime is { } header) attempt.HeaderMs = (long)header.TotalMilliseconds;

        if (transformer.DroppedStatus is { } dropped)
        {
            attempt.Status = dropped;
            response.StatusCode = StatusCodes.Status200OK;
            return new AttemptResult(AttemptKind.Dropped) { HeaderTime = transformer.HeaderTime, Total = total };
        }
        if (error == ForwarderError.None || response.HasStarted)
        {
            attempt.Status = response.StatusCode;
            attempt.ResponseLength = counting.Written;
            request.Status = response.StatusCode;
            return new AttemptResult(AttemptKind.Answered) { HeaderTime = transformer.HeaderTime, Total = total };
        }
        if (http.RequestAborted.IsCancellationRequested) return new AttemptResult(AttemptKind.ClientGone);

        var exception = http.Features.Get<IForwarderErrorFeature>()?.Exception;
        var timedOut = error is ForwarderError.RequestTimedOut || exception is TimeoutException or OperationCanceledException;
        var connected = attempt.ConnectMs >= 0;
        response.Clear();
        return new AttemptResult(AttemptKind.Failed)
        {
            Failure = timedOut ? UpstreamFailure.Timeout : UpstreamFailure.Error,
            RequestSent = connected,
            Description = Describe(exception, timedOut),
            Stage = connected ? "reading response header from" : "connecting to",
        };
    }

    /// <summary>nginx hides the upstream's Server header and sends its own; error_page's "=code" still applies.</summary>
    private void HookResponseOnce(HttpResponse response)
    {
        if (_hooked) return;
        _hooked = true;
        response.OnStarting(() =>
        {
            Responses.Start(request, response.StatusCode);
            return Task.CompletedTask;
        });
    }

    private static string Describe(Exception? exception, bool timedOut)
    {
        if (timedOut) return "upstream timed out (110: Connection timed out)";
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connect() failed (111: Connection refused)",
                    SocketError.ConnectionReset => "recv() failed (104: Connection reset by peer)",
                    SocketError.HostNotFound => "host not found",
                    _ => $"connect() failed ({socket.NativeErrorCode}: {socket.Message})",
                };
            }
        }
        return "upstream prematurely closed connection";
    }
}
