using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.Http;

/// <summary>How a subrequest is made (the flags and fields its module sets on nginx's <c>sr</c>).</summary>
/// <param name="Method">nginx's subrequests are GETs; mirror gives them the client's method.</param>
/// <param name="WithBody">
/// The parent's request body as read so far goes with it (nginx's <c>sr->request_body = r->request_body</c>);
/// false for auth_request's empty stand-in body.
/// </param>
/// <param name="KeepBody">
/// The response body is kept for the module that made it (SSI's and addition's output, spliced into the parent's in
/// order: nginx's postponed output); else it is dropped (<c>header_only</c>).
/// </param>
/// <param name="Prepare">Run on the subrequest before it starts (proxy_cache's updater marks it as such: nginx's <c>sr->cache_updater</c>).</param>
/// <param name="InMemory">
/// <c>NGX_HTTP_SUBREQUEST_IN_MEMORY</c> (SSI's <c>include set=</c>): the kept body must fit the subrequest location's
/// <c>subrequest_output_buffer_size</c>, else the client's request is ended (ngx_http_postpone_filter_in_memory).
/// </param>
public sealed record SubrequestOptions(string Method = "GET", bool WithBody = false, bool KeepBody = false, bool InMemory = false,
    Action<NginxRequest>? Prepare = null);

/// <summary>A finished subrequest: its status, its response headers, its body if kept, and the request itself (for its variables).</summary>
public sealed record SubrequestResult(NginxRequest Request, int Status, IHeaderDictionary Headers, ReadOnlyMemory<byte> Body);

/// <summary>
/// ngx_http_subrequest: a request for a URI of the same server, made by a module for its request. It runs
/// nginx's phases from server rewrite on (location search, rewrite, content, error_page and internal
/// redirects; the access phase is skipped for subrequests, as ngx_http_core_access_phase does), with the client's
/// request headers, the same request line (<c>$request</c>, <c>$request_uri</c>), connection and variables,
/// and its own URI, arguments, location and response, which never reaches the client: the module reads it.
/// <c>internal</c> locations are reachable. Its access-log line is written only under <c>log_subrequest on</c>.
/// </summary>
public static class Subrequests
{
    /// <summary>NGX_HTTP_MAX_SUBREQUESTS + 1, the client request's <c>r->subrequests</c>: subrequests nest 50 deep, then "subrequests cycle".</summary>
    public const int MaxDepth = 51;

    /// <summary>
    /// Makes a subrequest and waits for it (NGX_HTTP_SUBREQUEST_WAITED, auth_request). Null when it cannot be
    /// made (too deep: nginx's "subrequests cycle" error, the caller answers 500).
    /// </summary>
    public static async Task<SubrequestResult?> RunAsync(NginxRequest parent, string uri, string? args, SubrequestOptions options)
    {
        if (await CreateAsync(parent, uri, args, options, parent.Main.Http.RequestAborted) is not var (sub, response)) return null;
        await RequestPipeline.RunSubrequestAsync(sub, response);
        if (options.InMemory && TooBig(sub, response) is { } message)
        {
            // NGX_ERROR from a subrequest's filter ends the client's request and closes its connection.
            sub.LogError(message);
            Terminate(parent.Main);
        }
        // A subrequest that closed the connection (444) ended its client's request with it (ngx_http_terminate_request).
        if (parent.Main.ClosedBySubrequest) throw new OperationCanceledException("a subrequest closed the connection");
        return new SubrequestResult(sub, sub.Status, response.Headers, response.KeptBody);
    }

    /// <summary>ngx_http_postpone_filter_in_memory's checks: the announced length, then the bytes, against the buffer.</summary>
    private static string? TooBig(NginxRequest sub, SubrequestResponse response)
    {
        var limit = sub.Location.Core.SubrequestOutputBufferSize;
        if (response.Headers.ContentLength is { } announced && announced > limit) return $"too big subrequest response: {announced}";
        return response.KeptBody.Length > limit ? "too big subrequest response" : null;
    }

    /// <summary>ngx_http_terminate_request: the client's connection is closed, nothing more is sent.</summary>
    private static void Terminate(NginxRequest main)
    {
        main.ClosedBySubrequest = true;
        main.Http.Abort();
    }

    /// <summary>
    /// Starts a subrequest in the background (NGX_HTTP_SUBREQUEST_BACKGROUND, mirror): the parent goes on at
    /// once, nothing of the subrequest reaches the client, and the client's request ends (its connection
    /// is kept and its log line written) only once the subrequest has finished. False when it cannot be made.
    /// </summary>
    public static async Task<bool> StartInBackgroundAsync(NginxRequest parent, string uri, string? args, SubrequestOptions options)
    {
        var main = parent.Main;
        if (await CreateAsync(parent, uri, args, options, main.BackgroundAborted) is not var (sub, response)) return false;
        // Started here, it runs until its first wait before the parent goes on: subrequests that need no I/O
        // finish in the order they were made, as nginx runs its posted requests.
        var running = RunInBackgroundAsync(sub, response);
        lock (main.Background) main.Background.Add(running);
        return true;
    }

    private static async Task RunInBackgroundAsync(NginxRequest sub, SubrequestResponse response)
    {
        try
        {
            await RequestPipeline.RunSubrequestAsync(sub, response);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // The client's request was cut short: nginx terminates its background subrequests with it.
        }
    }

    /// <summary>Waits for the background subrequests of a client's request (nginx's main request count reaching zero).</summary>
    internal static async Task WaitForBackgroundAsync(NginxRequest main)
    {
        while (true)
        {
            Task[] pending;
            lock (main.Background)
            {
                pending = [.. main.Background];
                main.Background.Clear();
            }
            if (pending.Length == 0) return;
            await Task.WhenAll(pending);
        }
    }

    private static async Task<(NginxRequest, SubrequestResponse)?> CreateAsync(NginxRequest parent, string uri, string? args, SubrequestOptions options, CancellationToken aborted)
    {
        if (parent.SubrequestsLeft <= 0)
        {
            parent.LogError($"subrequests cycle while processing \"{uri}\"");
            return null;
        }
        var body = options.WithBody ? await RequestBody.BytesAsync(parent) : ReadOnlyMemory<byte>.Empty;
        var response = new SubrequestResponse(options.KeepBody);
        var http = Context(parent, options.Method, uri, body, response, aborted);
        var sub = new NginxRequest(http, parent, uri, args);
        // A subrequest never reads the client's body: it has the one it was given (ngx_http_read_client_request_body).
        sub.Features.Set(new BodyRead(body.Length));
        options.Prepare?.Invoke(sub);
        return (sub, response);
    }

    /// <summary>The subrequest's own HttpContext: the client's connection and TLS, a copy of its request headers, the given body, a captured response.</summary>
    private static DefaultHttpContext Context(NginxRequest parent, string method, string uri, ReadOnlyMemory<byte> body, SubrequestResponse response, CancellationToken aborted)
    {
        var client = parent.Main.Http;
        var from = client.Features;
        var features = new FeatureCollection();
        var headers = new HeaderDictionary();
        foreach (var header in parent.Http.Request.Headers) headers[header.Key] = header.Value;
        if (body.IsEmpty)
        {
            // Without a body the subrequest says so upstream; nginx keeps the client's Content-Length with no body
            // behind it, so the peer waits, unless the config clears it (proxy_set_header Content-Length "").
            headers.Remove("Content-Length");
            headers.Remove("Transfer-Encoding");
        }
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = method,
            Scheme = client.Request.Scheme,
            Protocol = client.Request.Protocol,
            Path = uri,
            RawTarget = parent.RequestUri,
            Headers = headers,
            Body = body.IsEmpty ? Stream.Null : Readable(body),
        });
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(!body.IsEmpty));
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpRequestLifetimeFeature>(new Lifetime(aborted, parent.Main));
        features.Set(from.Get<IHttpConnectionFeature>());
        features.Set(from.Get<IConnectionItemsFeature>());
        features.Set(from.Get<ITlsConnectionFeature>());
        features.Set(from.Get<ITlsHandshakeFeature>());
        return new DefaultHttpContext(features);
    }

    private static MemoryStream Readable(ReadOnlyMemory<byte> body) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }

    /// <summary>
    /// A subrequest is cancelled with its client's request; closing it (444) closes the client's connection,
    /// as ngx_http_terminate_request ends the main request.
    /// </summary>
    private sealed class Lifetime(CancellationToken aborted, NginxRequest main) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get => aborted; set { } }

        public void Abort()
        {
            main.ClosedBySubrequest = true;
            main.Http.Abort();
        }
    }
}
