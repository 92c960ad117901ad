using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Cache;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;
using Yarp.ReverseProxy.Forwarder;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// One request's walk over the peers of its group, the part of <c>ngx_http_upstream.c</c> that YARP's model
/// lacks (it has no retries), in one place: pick a peer (<c>ngx_event_connect_peer</c>), forward through YARP's
/// <see cref="IHttpForwarder"/>, judge what came back (<c>ngx_http_upstream_test_next</c>, then
/// <c>proxy_intercept_errors</c>), free the peer with its outcome (max_fails/fail_timeout, least_conn counts)
/// and try the next one while <c>proxy_next_upstream</c>, its tries and its timeout allow
/// (<c>ngx_http_upstream_next</c>). <see cref="NginxRequestTransformer"/> only reports the status it saw.
/// Every attempt is recorded for <c>$upstream_*</c>; when no peer is live: 502 and "no live upstreams".
/// </summary>
public sealed class ProxyAttemptLoop
{
    private readonly NginxRequest _request;
    private readonly IUpstreamProtocol _protocol;
    private readonly string _uri;
    private readonly PeerSelection _selection;
    private readonly UpstreamKeepalive? _keepalive;
    private readonly NextUpstreamRules _rules;
    private readonly UpstreamAttempts _attempts = new();
    private readonly CacheRequest? _cache;

    /// <summary>nginx's <c>u->peer.start_time</c>: proxy_next_upstream_timeout counts from the first attempt.</summary>
    private long _started;

    private bool _hooked;

    /// <summary>The current attempt's response goes to the client (the loop's verdict was to pass it on).</summary>
    private bool _passedOn;

    /// <summary>The attempt whose response may reach the client: its status text goes with it.</summary>
    private UpstreamTransformer? _current;

    /// <summary>The attempt in progress (the one <see cref="_current"/> transforms), its start and what its callbacks decided.</summary>
    private UpstreamAttempt? _attempt;
    private long _attemptStarted;
    private HeaderVerdict _verdict;
    private volatile bool _released;
    private Func<int, bool>? _passesOnCallback;
    private Action? _upstreamCompleteCallback;
    private Func<bool>? _clientCopiesCallback;
    /// <summary>The response body the attempt's bytes go to (the server's, or the body filters' in front of it).</summary>
    private Stream? _clientBody;

    /// <param name="protocol">The wire the peers speak (HTTP, FastCGI, SCGI, uwsgi) with its module's settings.</param>
    /// <param name="uri">What the error log's <c>upstream: "..."</c> prints after the peer (nginx's <c>u->uri</c>; empty but for proxy_pass).</param>
    /// <param name="hashKey">The group's evaluated <c>hash</c> key, if it has one.</param>
    /// <param name="cache">The request's way through proxy_cache (proxy_pass only, so far): it may answer a failure or a
    /// status from its entry (then nothing is sent and <see cref="Outcome.Continue"/> returned), and it stores what is passed on.</param>
    public ProxyAttemptLoop(NginxRequest request, IUpstreamProtocol protocol, string uri,
        UpstreamGroup group, string? hashKey, UpstreamKeepalive? keepalive, CacheRequest? cache = null)
    {
        _cache = cache;
        _request = request;
        _protocol = protocol;
        _uri = uri;
        _selection = group.Begin(request.Client.Ip, hashKey);
        _keepalive = keepalive;
        _rules = protocol.NextUpstream;
        if (_rules.Tries > 0 && _selection.Tries > _rules.Tries) _selection.Tries = _rules.Tries;
    }

    /// <summary>Forwards until a peer answers or nginx would give up; returns <see cref="Outcome.Done"/> or the status to answer with.</summary>
    public async Task<int> RunAsync()
    {
        _request.Features.Set(_attempts);
        _started = Stopwatch.GetTimestamp();
        try
        {
            // The whole walk in one async method: one state machine per request, not one per level.
            while (true)
            {
                var peer = _selection.Pick();
                if (peer is null)
                {
                    var none = _attempts.Start(_selection.Group.Name);
                    none.Status = 502;
                    none.ResponseMs = 0;
                    _request.ErrorLog.Write(LogLevel.Error, _request, "no live upstreams while connecting to upstream",
                        $"{_protocol.Scheme}://{_selection.Group.Name}{_uri}");
                    return _cache?.AnswersFailure(NextUpstreamConditions.Error) == true ? Outcome.Continue : 502;
                }

                var attempt = _attempts.Start(peer);
                var ended = await SendAsync(peer, attempt);
                attempt.Finished = true;
                switch (ended.Kind)
                {
                    case AttemptKind.Answered:
                        // released already when the body was read in full; else now (a tunnel, a body cut short)
                        if (!ended.Released) _selection.Free(PeerOutcome.Success, ended.HeaderTime, ended.Total);
                        return Outcome.Done;
                    case AttemptKind.Withheld when ended.Verdict == HeaderVerdict.FromCache:
                        _selection.Free(PeerOutcome.Success, ended.HeaderTime, ended.Total);
                        return Outcome.Continue;
                    case AttemptKind.Withheld when ended.Verdict == HeaderVerdict.Redirect:
                        _selection.Free(PeerOutcome.Success, ended.HeaderTime, ended.Total);
                        if (attempt.Response is { } head) _current!.CarryOverForAccelRedirect(head, _request.Http.Response.Headers);
                        return AccelRedirect(ended.Redirect!);
                    case AttemptKind.Withheld when ended.Verdict == HeaderVerdict.Intercept:
                        _selection.Free(PeerOutcome.Success, ended.HeaderTime, ended.Total);
                        _cache?.Intercepted(attempt.Status);
                        return attempt.Status;
                    case AttemptKind.Withheld:
                        // ngx_http_upstream_next for a status test_next chose to retry: the tries and conditions
                        // were checked when the header came, so the next peer is tried.
                        _selection.Free(UpstreamFailures.ForStatus(attempt.Status)!.Value.Outcome());
                        continue;
                    case AttemptKind.ClientGone:
                        _selection.Free(PeerOutcome.Success);
                        // an unbuffered body whose read failed ends the request with nginx's status for it
                        return RequestBody.StreamFailure(_request) is > 0 and var bodyStatus ? bodyStatus : 499;
                    default:
                        if (AfterFailure(peer, attempt, ended) is { } final) return final;
                        continue;
                }
            }
        }
        finally
        {
            // Only a fault of ours leaves a peer held here: give it back unblamed, or least_conn would count it busy for ever.
            if (_selection.Current is not null) _selection.Free(PeerOutcome.Next);
            // ngx_http_upstream_finalize_request: the connection's later log lines say what it is doing now.
            _request.Main.LogAction = "sending to client";
        }
    }

    /// <summary>
    /// ngx_http_upstream_next after a connection error, timeout or invalid header: logs it, frees the peer as
    /// failed, then retries if tries remain, the condition is listed, a sent non-idempotent request (POST, LOCK,
    /// PATCH) may go again, and proxy_next_upstream_timeout has not passed. Returns null to retry, else the status.
    /// </summary>
    private int? AfterFailure(UpstreamPeer peer, UpstreamAttempt attempt, AttemptEnd ended)
    {
        var upstreamUrl = UpstreamUrl(peer);
        var stage = $" while {ended.Stage} upstream";
        // a wire that logged the cause itself (fastcgi_catch_stderr: the stderr line) leaves nothing to add
        if (ended.Description.Length > 0) _request.ErrorLog.Write(LogLevel.Error, _request, ended.Description + stage, upstreamUrl);
        var disabled = _selection.Free(ended.Failure.Outcome());
        // ngx_http_upstream_next: an error on a cached connection gives the try back once the peer was freed (and blamed)
        if (attempt.CachedConnectionClosed && ended.Failure == UpstreamFailure.Error) _selection.Tries++;
        if (disabled) _request.ErrorLog.Write(LogLevel.Warn, _request, "upstream server temporarily disabled" + stage, upstreamUrl);
        attempt.Status = ended.Failure.FinalStatus();
        if (_selection.Tries != 0 && MayTryNext(ended.Failure, ended.RequestSent)) return null;
        return _cache?.AnswersFailure(ended.Failure.Condition()) == true ? Outcome.Continue : attempt.Status;
    }

    /// <summary>
    /// What to do with the status a peer answered, decided when its header arrives (the transformer asks before
    /// anything reaches the client): ngx_http_upstream_test_next retries a status listed in proxy_next_upstream
    /// while another try remains (unlike a connection failure, the last try's response is passed on), then
    /// proxy_intercept_errors gives a status of 300 or more that has an error_page to that page, then an
    /// <c>X-Accel-Redirect</c> sends the request on (ngx_http_upstream_process_headers).
    /// </summary>
    private HeaderVerdict Judge(int status, HttpResponseMessage response, string? accelRedirect)
    {
        if (UpstreamFailures.ForStatus(status) is { } failure && _selection.Tries > 1 && MayTryNext(failure, requestSent: true))
            return HeaderVerdict.TryNext;
        if (_cache?.AnswersStatus(status, response) == true) return HeaderVerdict.FromCache;
        // ngx_http_upstream_intercept_errors: intercept_404 first, then the error pages
        if (status == 404 && _protocol.Intercepts404) return HeaderVerdict.Intercept;
        if (_protocol.InterceptErrors && status >= 300 && _request.Location.Core.ErrorPages.ContainsKey(status))
            return HeaderVerdict.Intercept;
        return accelRedirect is { Length: > 0 } ? HeaderVerdict.Redirect : HeaderVerdict.PassOn;
    }

    /// <summary>
    /// ngx_http_upstream_process_headers with <c>X-Accel-Redirect</c>: a named location, or a URI (its
    /// arguments after <c>?</c>) that must be safe (ngx_http_parse_unsafe_uri, else 404) reached as GET
    /// (a HEAD stays HEAD) by an internal redirect.
    /// </summary>
    private int AccelRedirect(string target)
    {
        if (target.StartsWith('@'))
        {
            _request.RedirectTo(target);
            return Outcome.Redirected;
        }
        if (UnsafeUri.Parse(target, out var named) is not { } safe)
        {
            _request.LogError($"unsafe URI \"{named}\" was detected");
            return 404;
        }
        if (_request.Method != "HEAD") _request.Method = "GET";
        _request.RedirectTo(safe.Path, safe.Args);
        return Outcome.Redirected;
    }

    /// <summary>The condition is listed (with <c>non_idempotent</c> for a sent POST, LOCK or PATCH) and proxy_next_upstream_timeout has not passed.</summary>
    private bool MayTryNext(UpstreamFailure failure, bool requestSent)
    {
        var needed = requestSent && _request.Method is "POST" or "LOCK" or "PATCH"
            ? failure.Condition() | NextUpstreamConditions.NonIdempotent
            : failure.Condition();
        var expired = _rules.Timeout > TimeSpan.Zero && Stopwatch.GetElapsedTime(_started) >= _rules.Timeout;
        // ngx_http_upstream_next: a request sent with an unbuffered body has nothing left to send another peer
        if (requestSent && RequestBody.IsStreamed(_request)) return false;
        return (_rules.Conditions & needed) == needed && !expired;
    }

    /// <summary>
    /// Sends the request to one peer through YARP and says how the attempt ended in nginx's terms: answered (the
    /// response went to the client), withheld (a status this loop retries or intercepts: nothing of it reached
    /// the client), or failed with nginx's reason and log text.
    /// </summary>
    // A pooled state machine (awaited once, by RunAsync): measured 6,109 against 6,222 bytes per request without.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptEnd> SendAsync(UpstreamPeer peer, UpstreamAttempt attempt)
    {
        var http = _request.Http;
        var response = http.Response;
        UpstreamTraffic.Current.Value = attempt;
        HookResponseOnce(response);
        if (http.Request.Body.CanSeek) http.Request.Body.Position = 0;
        http.Features.Set<IForwarderErrorFeature>(null);

        var destination = _protocol.Destination(peer);
        _verdict = HeaderVerdict.PassOn;
        _passedOn = false;
        var started = _attemptStarted = Stopwatch.GetTimestamp();
        _released = false;
        _attempt = attempt;
        // One pair of callbacks per request, reading the attempt in progress from the fields above.
        var transformer = _protocol.CreateTransformer(_request, peer, attempt,
            passesOn: _passesOnCallback ??= PassesOn, upstreamComplete: _upstreamCompleteCallback ??= UpstreamComplete);
        transformer.Cache = _cache;
        _current = transformer;
        var config = new ForwarderRequestConfig
        {
            ActivityTimeout = _protocol.ReadTimeout,
            Version = _protocol.Version,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var body = _clientBody = response.Body;
        await using var buffered = new BufferedResponseBody(new SendTimeoutBody(body, _request, _request.Location.Core.SendTimeout), response,
            http.Features.Get<IHttpResponseBodyFeature>()!, _clientCopiesCallback ??= ClientCopies,
            () => transformer!.Buffering);
        var counting = new CountingStream(buffered);
        response.Body = counting;
        ForwarderError error;
        try
        {
            var client = _protocol.ClientFor(_request, _keepalive);
            var forwarder = _request.Model.Cycle.UpstreamClients.Forwarder;
            // Whether our headers ask the peer to switch matters only for a request that could switch.
            var upgradable = http.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
            var upgrade = upgradable && _protocol.SendsUpgrade(_request);
            error = _protocol.PassRequestBody && (upgrade || !upgradable)
                ? await forwarder.SendAsync(http, destination, client, config, transformer)
                : await SendAsSentAsync(forwarder, http, destination, client, config, transformer, upgrade);
            // a buffered response: the client is sent what waits in memory or the temp file, while the peer is already free
            if (await buffered.FinishAsync() && transformer.AbortAfterBody) await AbortAfterBodyAsync(body);
        }
        finally
        {
            response.Body = body;
            _request.BodyBytesSent += counting.Written;
        }
        var total = Stopwatch.GetElapsedTime(started);
        var released = _released;
        var verdict = _verdict;
        if (!released) attempt.ResponseMs = (long)total.TotalMilliseconds;
        if (transformer.HeaderTime is { } header) attempt.HeaderMs = (long)header.TotalMilliseconds;

        if (transformer.HeaderTooBig)
        {
            // ngx_http_upstream_process_header: the header did not fit in proxy_buffer_size
            response.Clear();
            return new AttemptEnd(AttemptKind.Failed)
            {
                Failure = UpstreamFailure.InvalidHeader,
                RequestSent = true,
                Description = "upstream sent too big header",
                Stage = "reading response header from",
            };
        }
        if (transformer.UpstreamStatus is { } status && verdict != HeaderVerdict.PassOn)
        {
            attempt.Status = status;
            response.StatusCode = StatusCodes.Status200OK;
            return new AttemptEnd(AttemptKind.Withheld) { Verdict = verdict, Redirect = transformer.AccelRedirect, HeaderTime = transformer.HeaderTime, Total = total };
        }
        if (transformer.BodyCutShort)
            _request.ErrorLog.Write(LogLevel.Error, _request, "upstream prematurely closed connection while reading upstream", $"{_protocol.Scheme}://{LogName(peer)}{_uri}");
        // Once the upstream response was read in full, whatever went wrong after was on the client's side.
        if (error == ForwarderError.None || response.HasStarted || released)
        {
            // ngx_http_upstream_process_non_buffered_request / process_upstream: a body the peer ended early (or
            // stopped sending) is logged, and the client gets what arrived, then the connection ends.
            if (error == ForwarderError.ResponseBodyDestination && !released)
            {
                var cause = http.Features.Get<IForwarderErrorFeature>()?.Exception;
                var late = cause is TimeoutException or OperationCanceledException;
                _request.ErrorLog.Write(LogLevel.Error, _request, Describe(cause, late, peer) + " while reading upstream", UpstreamUrl(peer));
            }
            attempt.Status = response.StatusCode;
            attempt.ResponseLength = counting.Written;
            _request.Status = response.StatusCode;
            return new AttemptEnd(AttemptKind.Answered) { Released = released, HeaderTime = transformer.HeaderTime, Total = total };
        }
        if (http.RequestAborted.IsCancellationRequested || RequestBody.StreamFailure(_request) > 0) return new AttemptEnd(AttemptKind.ClientGone);

        var exception = http.Features.Get<IForwarderErrorFeature>()?.Exception;
        var timedOut = error is ForwarderError.RequestTimedOut || exception is TimeoutException or OperationCanceledException;
        var connected = attempt.ConnectMs >= 0;
        response.Clear();
        if (Find<UpstreamResponseException>(exception) is { } invalid)
        {
            return new AttemptEnd(AttemptKind.Failed)
            {
                Failure = invalid.Failure,
                RequestSent = true,
                Description = invalid.Message,
                Stage = "reading response header from",
            };
        }
        return new AttemptEnd(AttemptKind.Failed)
        {
            Failure = timedOut ? UpstreamFailure.Timeout : UpstreamFailure.Error,
            RequestSent = connected,
            Description = Describe(exception, timedOut, peer),
            Stage = connected ? "reading response header from" : "connecting to",
        };
    }

    /// <summary>
    /// ngx_http_upstream_finalize_request on a body the peer cut short: what the filters hold goes out with a
    /// flush (sub_filter's, gzip's), then the connection closes without the last chunk.
    /// </summary>
    private async Task AbortAfterBodyAsync(Stream body)
    {
        try
        {
            await body.FlushAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the client is gone already
        }
        _request.Http.Abort();
    }

    /// <summary>
    /// The request without its body or upgrade headers (<see cref="ProxyRequestParts.AsSentAsync"/>). A method of its own:
    /// the lambda's captures would otherwise be allocated for every attempt, including the usual one that needs none.
    /// </summary>
    private Task<ForwarderError> SendAsSentAsync(IHttpForwarder forwarder, HttpContext http, string destination, HttpMessageInvoker client,
        ForwarderRequestConfig config, UpstreamTransformer transformer, bool upgrade) =>
        ProxyRequestParts.AsSentAsync(http, _protocol.PassRequestBody, upgrade,
            () => forwarder.SendAsync(http, destination, client, config, transformer).AsTask());

    /// <summary>
    /// Kestrel's own body stream (no stage of a body filter, no pacing between) takes a write's bytes at once: a buffered
    /// response writes the forwarder's buffer to it without a copy. Asked once the head went out, when the body filters
    /// (a proxied location always has charset's) have said whether they take the response.
    /// </summary>
    private bool ClientCopies() =>
        (_clientBody is Http.FilteredResponseBody filtered ? filtered.Unfiltered : _clientBody) is { } target
        && target.GetType().Assembly == typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions).Assembly;

    /// <summary>The transformer asks, when the peer's header came, whether its response goes to the client.</summary>
    private bool PassesOn(int status)
    {
        _verdict = Judge(status, _attempt!.Response!, _current!.AccelRedirect);
        _passedOn = _verdict == HeaderVerdict.PassOn;
        // proxy_buffering off (or X-Accel-Buffering: no): each buffer read from the peer goes out with nginx's flush flag (not a
        // response the loop withholds: what is sent instead, an error page or a cache entry, is not streamed).
        if (_passedOn && _current!.Buffering is null && _request.FilteredBody is { } filtered) filtered.FlushEachWrite = true;
        return _passedOn;
    }

    /// <summary>
    /// ngx_http_upstream_finalize_request: the peer is free (and least_conn sees it so) once the
    /// upstream response is complete, while its last bytes are still on their way to the client.
    /// </summary>
    private void UpstreamComplete()
    {
        var total = Stopwatch.GetElapsedTime(_attemptStarted);
        _attempt!.ResponseMs = (long)total.TotalMilliseconds;
        _selection.Free(PeerOutcome.Success, _current!.HeaderTime, total);
        _released = true;
    }

    /// <summary>
    /// nginx hides the upstream's Server header and sends its own; error_page's "=code" still applies. The peer's
    /// status text goes to the client with its status (ngx_http_upstream_send_response copies status_line), not
    /// nginx's own text for the code.
    /// </summary>
    private void HookResponseOnce(HttpResponse response)
    {
        if (_hooked) return;
        _hooked = true;
        response.OnStarting(static state => ((ProxyAttemptLoop)state).OnResponseStarting(), this);
    }

    private Task OnResponseStarting()
    {
        // What is sent instead of a withheld or failed attempt (an error page, a cache entry) starts itself.
        if (!_passedOn) return Task.CompletedTask;
        var request = _request;
        var response = request.Http.Response;
        Responses.Start(request, response.StatusCode);
        if (_current?.UpstreamReason is { Length: > 0 } reason && request.StatusOverride is not > 0
            && (int?)response.StatusCode == _current.UpstreamStatus
            && request.Http.Features.Get<IHttpResponseFeature>() is { } feature)
            feature.ReasonPhrase = reason;
        return Task.CompletedTask;
    }

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    /// <summary>The peer as nginx's log handler prints it: a unix socket as <c>unix:PATH</c> followed by the <c>:</c> that separates the URI.</summary>
    public static string LogName(UpstreamPeer peer) =>
        peer.Address is System.Net.Sockets.UnixDomainSocketEndPoint unix ? $"unix:{unix}:" : peer.Name;

    /// <summary>The <c>upstream: "..."</c> of the error log's line: the peer and the URI sent.</summary>
    private string UpstreamUrl(UpstreamPeer peer) => $"{_protocol.Scheme}://{LogName(peer)}{_uri}";

    private static string Describe(Exception? exception, bool timedOut, UpstreamPeer peer)
    {
        if (timedOut) return "upstream timed out (110: Connection timed out)";
        // A unix socket refuses at once, in ngx_event_connect_peer, which names the peer; a TCP refusal comes later (ngx_http_upstream_test_connect).
        if (peer.Address is System.Net.Sockets.UnixDomainSocketEndPoint unix && Find<SocketException>(exception) is { } refused)
            return $"connect() to unix:{unix} failed ({Errno(refused)})";
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

    private static string Errno(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "111: Connection refused",
        SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => "2: No such file or directory",
        SocketError.AccessDenied => "13: Permission denied",
        _ => $"{e.NativeErrorCode}: {e.Message}",
    };

    private enum AttemptKind { Answered, Withheld, Failed, ClientGone }

    /// <summary>What <see cref="Judge"/> decided about an answered status.</summary>
    private enum HeaderVerdict { PassOn, TryNext, Intercept, Redirect, FromCache }

    /// <summary>How one attempt at one peer ended (a struct: returned once per attempt, never kept).</summary>
    private readonly record struct AttemptEnd(AttemptKind Kind)
    {
        public HeaderVerdict Verdict { get; init; }

        /// <summary>For <see cref="HeaderVerdict.Redirect"/>: the peer's X-Accel-Redirect.</summary>
        public string? Redirect { get; init; }

        /// <summary>The peer was freed when its response body had been read in full.</summary>
        public bool Released { get; init; }
        public UpstreamFailure Failure { get; init; }
        public bool RequestSent { get; init; }
        public string Description { get; init; } = "";
        public string Stage { get; init; } = "connecting to";
        public TimeSpan? HeaderTime { get; init; }
        public TimeSpan? Total { get; init; }
    }
}
