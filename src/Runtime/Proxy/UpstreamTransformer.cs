using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// The part of a request transformer every wire shares (nginx's <c>ngx_http_upstream_process_header</c> and
/// <c>ngx_http_upstream_send_response</c>): it reports what came back (the status, when the header arrived) to
/// <paramref name="passesOn"/>, the <see cref="ProxyAttemptLoop"/>'s verdict. A response the loop withholds (to
/// try the next peer, or for <c>*_intercept_errors</c>) is not copied, and nothing of it reaches the client. A
/// response passed on loses the headers nginx hides and tells <paramref name="upstreamComplete"/> when its body
/// has been read in full (<see cref="UpstreamBodyContent"/>).
/// </summary>
public abstract class UpstreamTransformer(ProxyHiddenHeaders hiddenHeaders, Upstream.Retry.UpstreamAttempt attempt, Func<int, bool> passesOn, Action upstreamComplete)
    : HttpTransformer
{
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>The attempt this exchange is, for a derived wire to hand on (one copy of the parameter, not two).</summary>
    protected Upstream.Retry.UpstreamAttempt Attempt => attempt;

    /// <summary>The status the peer answered, once its header arrived.</summary>
    public int? UpstreamStatus { get; private set; }

    /// <summary>Time from sending to the response header, once it arrived.</summary>
    public TimeSpan? HeaderTime { get; private set; }

    /// <summary>The peer's <c>X-Accel-Redirect</c>: the URI or named location the request goes on to, its body dropped (HTTP peers only, so far).</summary>
    public string? AccelRedirect { get; protected set; }

    /// <summary>The status text the peer sent with its status (the CGI <c>Status</c> header's, an HTTP status line's).</summary>
    public string? UpstreamReason { get; private set; }

    /// <summary>
    /// How the response body is read (nginx's <c>u->buffering</c>: <c>proxy_buffering</c>, or the peer's
    /// <c>X-Accel-Buffering</c>), set by the wire from the head; null streams it as the client takes it.
    /// </summary>
    public ResponseBuffering? Buffering { get; protected set; }

    /// <summary>The peer closed before its body was complete: the client got what arrived, and the connection closes.</summary>
    public bool BodyCutShort { get; private set; }

    /// <summary>
    /// A body the peer cut short whose client response is chunked: once the client was sent what arrived (through
    /// the body filters, flushed), its connection is aborted, so it never gets the last chunk (ngx_http_upstream_finalize_request's flush).
    /// </summary>
    public bool AbortAfterBody { get; private set; }

    /// <summary>The peer's header did not fit in <c>proxy_buffer_size</c> (nginx's "upstream sent too big header"): nothing of it was passed on.</summary>
    public bool HeaderTooBig { get; private set; }

    /// <summary>The buffer the peer's status line and header lines must fit in (ngx_http_upstream_process_header); the HTTP wire's <c>proxy_buffer_size</c>.</summary>
    protected virtual long HeaderBufferSize => long.MaxValue;


    /// <summary>The request's proxy_cache, set by the loop: the wire shapes its request for it, a response passed on is offered to it.</summary>
    public Cache.CacheRequest? Cache { get; set; }

    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>
    /// YARP's copy of the client's request, then the exact URI computed by the module (YARP would re-encode it), and
    /// the attempt riding on the request (<see cref="Upstream.UpstreamClient.AttemptKey"/>) to the connect callback,
    /// which notes its connect time.
    /// </summary>
    protected async ValueTask CopyRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        string upstreamUrl, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = new Uri(upstreamUrl, in Verbatim);
        proxyRequest.Options.Set(Upstream.UpstreamClient.AttemptKey, attempt);
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        HeaderTime = Stopwatch.GetElapsedTime(_started);
        if (proxyResponse is null) return CopyAndHide(httpContext, proxyResponse, cancellationToken);
        if (HeaderBufferSize < long.MaxValue && HeadLength(proxyResponse) > HeaderBufferSize)
        {
            HeaderTooBig = true;
            return ValueTask.FromResult(false);
        }
        var status = (int)proxyResponse.StatusCode;
        UpstreamStatus = status;
        // nginx's u->state->status is set with the header: $upstream_status of a header filter (add_header) sees it
        attempt.Status = status;
        UpstreamReason = proxyResponse.ReasonPhrase;
        attempt.Response = proxyResponse;
        OnResponseHead(proxyResponse);
        if (!passesOn(status))
        {
            // An intercepted 401 keeps the upstream's challenge (no 401 is ever retried).
            if (status == 401 && proxyResponse.Headers.TryGetValues("WWW-Authenticate", out var challenges))
                httpContext.Response.Headers.WWWAuthenticate = challenges.ToArray();
            return ValueTask.FromResult(false);
        }
        return CopyAndHide(httpContext, proxyResponse, cancellationToken);
    }

    /// <summary>
    /// The peer headers nginx's upstream header table marks <c>redirect</c> (ngx_http_upstream_headers_in): those an
    /// <c>X-Accel-Redirect</c> carries over to the response of the request it sends on.
    /// </summary>
    private static readonly string[] CarriedByAccelRedirect = ["Content-Type", "Set-Cookie", "Content-Disposition", "Cache-Control", "Expires", "Accept-Ranges"];

    /// <summary>
    /// ngx_http_upstream_process_headers with <c>X-Accel-Redirect</c>: before the request goes on, the peer's
    /// Content-Type, Set-Cookie (rewritten as any Set-Cookie the wire passes on), Content-Disposition, Cache-Control,
    /// Expires and Accept-Ranges become the response's; the other headers are dropped with the body.
    /// </summary>
    public void CarryOverForAccelRedirect(HttpResponseMessage proxyResponse, IHeaderDictionary headers)
    {
        var carried = new HeaderDictionary();
        foreach (var name in CarriedByAccelRedirect)
        {
            if (proxyResponse.Headers.TryGetValues(name, out var values) || proxyResponse.Content?.Headers.TryGetValues(name, out values) == true)
                carried[name] = values!.ToArray();
        }
        RewriteCarriedHeaders(carried);
        foreach (var (name, values) in carried) headers[name] = values;
    }

    /// <summary>What the wire changes in the headers an <c>X-Accel-Redirect</c> carries over (proxy_cookie_*).</summary>
    protected virtual void RewriteCarriedHeaders(IHeaderDictionary headers) { }

    /// <summary>What the wire acts on in the peer's head before the loop judges the status (proxy's X-Accel-* headers).</summary>
    protected virtual void OnResponseHead(HttpResponseMessage proxyResponse) { }

    /// <summary>What the wire does with a response whose body goes to the client, before its body is read (proxy_store's tee).</summary>
    protected virtual void OnPassedOn(HttpResponseMessage proxyResponse) { }

    /// <summary>What the wire changes in the copied response headers beyond hiding (proxy_redirect, proxy_limit_rate).</summary>
    protected virtual void RewriteResponseHeaders(IHeaderDictionary headers) { }

    private async ValueTask<bool> CopyAndHide(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        hiddenHeaders.Apply(httpContext.Response.Headers);
        RewriteResponseHeaders(httpContext.Response.Headers);
        if (proxyResponse is not null) Cache?.OnResponse(proxyResponse);
        if (proxyResponse is not null && copyBody) OnPassedOn(proxyResponse);
        // A switched protocol has no body to complete: its peer is released when the tunnel closes.
        if (copyBody && proxyResponse is { Content: { } content, StatusCode: not HttpStatusCode.SwitchingProtocols })
        {
            var response = httpContext.Response;
            // a body cut short ends there; a chunked one's connection is aborted once the client was sent what arrived
            proxyResponse.Content = new UpstreamBodyContent(content, upstreamComplete, async () =>
            {
                BodyCutShort = true;
                AbortAfterBody = !await EndsQuietlyAsync(response);
            });
            // ngx_http_header_filter: a header-only answer (a HEAD the cache sent upstream as GET, a 304 of the
            // not-modified filter) is the last buffer, so its head goes out now, while the peer's body is still read
            // for the entry. Kestrel, started before its first write, would hold the head until the body ended.
            if (!CarriesBody(httpContext)) await SendHeadAsync(response, cancellationToken);
        }
        return copyBody;
    }

    /// <summary>Whether the client's response has a body at all (Kestrel's rule: none for a HEAD, a 204, a 205 or a 304).</summary>
    private static bool CarriesBody(HttpContext httpContext) =>
        !HttpMethods.IsHead(httpContext.Request.Method) && httpContext.Response.StatusCode is not (204 or 205 or 304);

    private static async ValueTask SendHeadAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Whether a body cut short may just end (the client was sent a Content-Length, which Kestrel will find unmet and
    /// close the connection after what was sent) or its connection is aborted after it (a chunked response must not get its last chunk).
    /// The response is started first: the header filters decide its framing (sub_filter and gzip drop the length).
    /// With a length, the head is flushed: Kestrel aborts a connection whose length went unmet, dropping what it had
    /// not sent yet, and nginx has sent the head of a body cut short before it closes (proxy_extra_data.t).
    /// </summary>
    private static async ValueTask<bool> EndsQuietlyAsync(HttpResponse response)
    {
        if (!response.HasStarted) await response.StartAsync();
        if (response.Headers.ContentLength is null) return false;
        await response.Body.FlushAsync();
        return true;
    }

    /// <summary>
    /// The bytes of the peer's head as it sent them (status line, each header line, the empty line), as far as
    /// .NET's parse lets us see them: each line as <c>Name: value</c>.
    /// </summary>
    private static long HeadLength(HttpResponseMessage response)
    {
        long length = "HTTP/1.1 200 ".Length + (response.ReasonPhrase?.Length ?? 0) + 2 + 2;
        foreach (var header in response.Headers.NonValidated)
            foreach (var value in header.Value) length += header.Key.Length + 2 + value.Length + 2;
        foreach (var header in response.Content.Headers.NonValidated)
            foreach (var value in header.Value) length += header.Key.Length + 2 + value.Length + 2;
        return length;
    }
}
