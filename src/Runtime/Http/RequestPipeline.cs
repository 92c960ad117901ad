using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Rewrite;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's request phases for one request, on the model current when it arrived: find the
/// virtual server, server rewrite, find location, location rewrite (modules' handlers such as
/// naxsi, then the rewrite module's; re-search after a changed URI), access, content, then
/// error_page / internal redirects, then the log phase.
/// </summary>
public sealed class RequestPipeline(Func<RuntimeModel> currentModel)
{
    private enum Entry { ServerRewrite, FindLocation, LocationRewrite }

    public async Task HandleAsync(HttpContext http)
    {
        Rejections.LengthlessHttp10Body.TakeAddedLength(http);
        var model = currentModel();
        var address = model.FindAddress(LocalEndPoints.Of(http.Features)) ?? model.Addresses[0];
        // A connection's first request waits its turn behind earlier connections' and holds it until it first
        // waits on something (Http/ArrivalOrder), as nginx runs a request until it blocks before the next event.
        Arrival? turn = null;
        if (http.Features.Get<IConnectionItemsFeature>()?.Items is { } items && items.TryGetValue(typeof(Arrival), out var item)
            && item is Arrival { IsServed: false } arrival)
        {
            await arrival.WaitTurnAsync(http.RequestAborted);
            turn = arrival;
        }
        var connection = Connection(http, model.Cycle.Connections);
        var request = new NginxRequest(http, model, address, connection.Number, connection.Peer ??= ClientAddress.Of(http.Connection)) { Connection = connection, ConnectionRequests = connection.NextRequest(), Turn = turn };
        var feature = http.Features.Get<IHttpRequestFeature>();
        request.Method = http.Request.Method;
        request.RequestUri = feature?.RawTarget ?? http.Request.Path + http.Request.QueryString;
        model.Cycle.Connections.RequestStarted();

        try
        {
            // A refused head may still reach an error_page (error_page 400 /page): the page is served.
            // nginx refused it before ngx_http_handler set r->keepalive (TRACE's 405 too), so the
            // connection closes after the answer, error page or not.
            if (!Accept(request, out var failure))
            {
                http.Response.Headers.Connection = "close";
                if (await FinalizeAsync(request, new RewriteResult(RewriteResultKind.Respond, failure)) is { } page)
                    await ProcessAsync(request, page);
            }
            else if (HttpModules.RunServerRequestChecks(request) is > 0 and var checkStatus)
            {
                if (await FinalizeAsync(request, new RewriteResult(RewriteResultKind.Respond, checkStatus)) is { } page)
                    await ProcessAsync(request, page);
            }
            else
            {
                await ProcessAsync(request, Entry.ServerRewrite);
            }
        }
        catch (RegexMatchLimitException)
        {
            // A server_name regex that gave up (ProcessAsync answers the others), or one after the
            // response began: ngx_http_set_virtual_server closes the request with 500 and no answer.
            request.Status = 500;
            http.Abort();
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested || request.ClosedBySubrequest)
        {
            request.Status = request.ClosedBySubrequest ? Outcome.Close : 499;
            request.AbortBackground();
        }
        catch (Exception e) when (e is IOException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            request.Status = 499;
            request.AbortBackground();
        }
        finally
        {
            request.ReleaseTurn();
            if (request.FilteredBody is { } filtered) await filtered.FinishAsync();
            if (request.Status == 0) request.Status = http.Response.StatusCode;
            if (request.HasBackground) await EndWithBackgroundAsync(request);
            AccessLogWriter.Write(request);
            model.Cycle.Connections.RequestEnded();
            model.Cycle.Traffic.Record(request);
        }
    }

    /// <summary>
    /// A request with background subrequests (mirror) still running: the client has its whole response now,
    /// but nginx ends the request, writes its log line and reads the connection's next request only once they
    /// are done (ngx_http_finalize_connection waits for the main request's count to reach zero).
    /// </summary>
    private static async Task EndWithBackgroundAsync(NginxRequest request)
    {
        try
        {
            if (!request.Http.RequestAborted.IsCancellationRequested) await request.Http.Response.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            request.AbortBackground();
        }
        await Subrequests.WaitForBackgroundAsync(request);
    }

    /// <summary>
    /// A subrequest's phases: ngx_http_subrequest posts it to start at server rewrite, as an internal request;
    /// ngx_http_finalize_request then writes its log line if its location says <c>log_subrequest on</c>.
    /// </summary>
    internal static async Task RunSubrequestAsync(NginxRequest sub, SubrequestResponse response)
    {
        // The connection's log action is the subrequest's now: none until its handler says (the static one "sending response to client").
        sub.Main.LogAction = null;
        try
        {
            await ProcessAsync(sub, Entry.ServerRewrite);
            // Its body filters end (an SSI page's last includes) before its answer is complete.
            if (sub.FilteredBody is { } filtered) await filtered.FinishAsync();
            await response.CompleteAsync();
        }
        finally
        {
            if (sub.Status == 0) sub.Status = response.StatusCode;
            if (sub.Location.Core.LogSubrequest) AccessLogWriter.Write(sub);
        }
    }

    /// <summary>Host and request-target checks nginx makes while reading the request; false with the status to answer.</summary>
    private static bool Accept(NginxRequest request, out int status)
    {
        status = RequestHeadChecks.Check(request);
        if (status != 0) return false;
        status = 400;
        var target = request.RequestUri;
        string? hostSource = null;
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Absolute form: the host in the request line wins over the Host header. It ends at the path, or at the
            // arguments of an empty path (ngx_http_parse_request_line: "http://host?args" is "/" with args).
            var start = target.IndexOf("//", StringComparison.Ordinal) + 2;
            var end = target.AsSpan(start).IndexOfAny('/', '?');
            if (end >= 0) end += start;
            hostSource = end < 0 ? target[start..] : target[start..end];
            target = end < 0 ? "/" : target[end] == '?' ? "/" + target[end..] : target[end..];
        }
        else if (request.Http.Request.Headers.TryGetValue("Host", out var hostHeader))
        {
            hostSource = hostHeader.ToString();
        }

        if (hostSource is not null)
        {
            var host = HostHeader.Validate(hostSource);
            if (host is null)
            {
                request.Log(LogLevel.Info, "client sent invalid host header while reading client request headers");
                return false;
            }
            request.Host = host;
        }
        request.Server = request.Address.DefaultServer;
        request.Location = request.Server.Root;
        request.Server = request.Address.Names.Find(request.Host, request) ?? request.Address.DefaultServer;
        request.Location = request.Server.Root;
        status = RequestHeadChecks.HeaderNames(request);
        if (status != 0) return false;
        status = 400;

        if (UriNormalizer.Parse(target) is not { } parsed)
        {
            request.Uri = ""; // nginx never set r->uri: the access log's $uri is empty
            request.Log(LogLevel.Info, "client sent invalid request while reading client request line");
            return false;
        }
        request.Uri = parsed.Path;
        request.Args = parsed.Args;
        request.ArgsPresent = parsed.HasArgs;
        if (parsed.Quoted) request.Features.Set(QuotedUriMarker.Instance);
        return true;
    }

    /// <summary>
    /// Runs the phases from <paramref name="entry"/>. A location, <c>rewrite</c> or <c>if</c> regex that
    /// gives up is 500, as ngx_http_core_find_config_phase and the script codes finalize on NGX_ERROR
    /// (error_page applies).
    /// </summary>
    // Pooled state machines (awaited once, by the caller): no box per request for the two async levels below HandleAsync.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask ProcessAsync(NginxRequest request, Entry entry)
    {
        Entry? next = entry;
        while (next is { } current)
        {
            try
            {
                await RunPhasesAsync(request, current);
                return;
            }
            catch (RegexMatchLimitException) when (!request.Http.Response.HasStarted)
            {
                next = await FinalizeAsync(request, new RewriteResult(RewriteResultKind.Respond, 500));
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask RunPhasesAsync(NginxRequest request, Entry entry)
    {
        while (true)
        {
            if (entry == Entry.ServerRewrite)
            {
                request.Location = request.Server.Root;
                FilteredResponseBody.Attach(request);
                var serverResult = RewriteProgram.Run(request.Server.Root.RewriteOps, request);
                if (serverResult.Kind == RewriteResultKind.Respond)
                {
                    if (await FinalizeAsync(request, serverResult) is { } next) { entry = next; continue; }
                    return;
                }
                entry = Entry.FindLocation;
            }

            if (entry == Entry.FindLocation)
            {
                request.UriChanged = false;
                request.ValidLocation = true;
                var found = request.Server.Root;
                var search = request.Server.Root.Children.Find(request.Uri, request, ref found);
                request.Location = found;
                // ngx_http_core_find_config_phase, once the location's config (and its error_log) is the request's.
                if (request.ErrorLog.DebugEnabled)
                    request.ErrorLog.Debug(request.ConnectionId, $"http cl:{request.Http.Request.ContentLength ?? -1} max:{found.Core.ClientMaxBodySize}");
                int? status = null;
                string? location = null;
                if (search == LocationSearch.AutoRedirect)
                {
                    status = 301;
                    // ngx_http_core_find_config_phase answers with the location's escaped_name
                    // (NGX_ESCAPE_URI), the URI plus its slash, then the arguments
                    location = UriEscaping.EscapeUri(request.Uri) + "/" + (request.Args.Length > 0 ? "?" + request.Args : "");
                }
                else if (found.Core.Internal && !request.IsInternal)
                {
                    status = 404;
                }
                else if (BodyTooLarge(request))
                {
                    status = 413;
                }
                if (status is { } stop)
                {
                    if (await FinalizeAsync(request, new RewriteResult(RewriteResultKind.Respond, stop, Location: location)) is { } next) { entry = next; continue; }
                    return;
                }
                // ngx_http_update_location_config: a method limit_except does not list is served by its block.
                request.Location = found.ForMethod(request.Method);
                FilteredResponseBody.Attach(request);
                entry = Entry.LocationRewrite;
            }

            // Location rewrite phase: modules' handlers first (naxsi), then the rewrite module's program.
            if (await RunHandlersAsync(request.Location.PreRewriteHandlers, request) is var preRewrite && preRewrite != Outcome.Continue)
            {
                if (await AfterHandlerAsync(request, preRewrite) is { } next) { entry = next; continue; }
                return;
            }
            var result = RewriteProgram.Run(request.Location.RewriteOps, request);
            if (result.Kind == RewriteResultKind.Respond)
            {
                if (await FinalizeAsync(request, result) is { } next) { entry = next; continue; }
                return;
            }
            if (result.Kind == RewriteResultKind.Last || (result.Kind == RewriteResultKind.Next && request.UriChanged))
            {
                if (--request.UriChangesLeft == 0)
                {
                    request.LogError($"rewrite or internal redirection cycle while processing \"{request.Uri}\"");
                    await FinalizeAsync(request, new RewriteResult(RewriteResultKind.Respond, 500));
                    return;
                }
                entry = Entry.FindLocation;
                continue;
            }

            // Preaccess phase (limit_req, limit_conn), then access phase.
            var accessOutcome = await RunHandlersAsync(request.Location.PreAccessHandlers, request);
            if (accessOutcome == Outcome.Continue) accessOutcome = await RunHandlersAsync(request.Location.AccessHandlers, request);
            if (accessOutcome != Outcome.Continue)
            {
                if (await AfterHandlerAsync(request, accessOutcome) is { } next) { entry = next; continue; }
                return;
            }

            // Content phase; a rate the location or a set gives paces the body (ngx_http_write_filter).
            if (request.Location.Core.LimitRate is not null || request.Features.Get<LimitRateOverride>() is not null)
                PacedResponseBody.Install(request);
            var content = request.Location.Content ?? HttpModules.DefaultContent;
            request.ReleaseTurn();
            var contentOutcome = await content.HandleAsync(request);
            if (await AfterHandlerAsync(request, contentOutcome) is { } after) { entry = after; continue; }
            return;
        }
    }

    /// <summary>A phase's handlers in order, until one does not return <see cref="Outcome.Continue"/>.</summary>
    private static async ValueTask<int> RunHandlersAsync(IReadOnlyList<IAccessHandler> handlers, NginxRequest request)
    {
        foreach (var handler in handlers)
        {
            var check = handler.CheckAsync(request);
            // A handler that waits (a limit_req delay, an auth subrequest) lets later connections go, as nginx's event loop does.
            if (!check.IsCompleted) request.ReleaseTurn();
            if (await check is var outcome && outcome != Outcome.Continue) return outcome;
        }
        return Outcome.Continue;
    }

    private static async Task<Entry?> AfterHandlerAsync(NginxRequest request, int outcome)
    {
        if (outcome == Outcome.Done) return null;
        if (outcome == Outcome.Redirected) return await RedirectAsync(request, request.TakeRedirect()!);
        return await FinalizeAsync(request, new RewriteResult(RewriteResultKind.Respond, outcome));
    }

    /// <summary>
    /// Ends the request with a status (ngx_http_finalize_request + special response): 444 closes,
    /// a body or error_page-free status answers directly, otherwise error_page may redirect.
    /// Returns where to continue when the request was redirected.
    /// </summary>
    private static async Task<Entry?> FinalizeAsync(NginxRequest request, RewriteResult result)
    {
        var status = result.Status;
        if (status == Outcome.Close)
        {
            request.Status = 444;
            CloseUnanswered(request);
            return null;
        }
        if (result.SendsResponse && RequestBody.Discard(request) is > 0 and var discardFailed)
        {
            status = discardFailed;
            result = new RewriteResult(RewriteResultKind.Respond, status);
        }
        if (result.Body is not null)
        {
            await Responses.SendTextAsync(request, status, result.Body);
            return null;
        }
        if (status is 408 or 499)
        {
            request.Status = status;
            request.Http.Abort();
            return null;
        }
        // ngx_http_special_response_handler ends keep-alive for these before any error_page applies.
        if (status is 400 or 413 or 414 or 494 or 495 or 496 or 497 or 500 or 501 && !request.Http.Response.HasStarted)
            request.Http.Response.Headers.Connection = "close";

        var core = request.Location.Core;
        if (!request.ErrorPageUsed && request.UriChangesLeft != 0 && core.ErrorPages.TryGetValue(status, out var page))
        {
            if (!core.RecursiveErrorPages) request.ErrorPageUsed = true;
            request.StatusOverride = page.Overwrite;
            var target = page.Target.Evaluate(request);
            // ngx_http_send_response set the Location of a "return 3xx text" before the status reached
            // error_page; an internal redirect keeps r->headers_out, so the page answers with it
            // unless the new location sets its own (ngx_http_clear_location).
            if (result.Location is not null && (target.StartsWith('/') || target.StartsWith('@')))
                request.Http.Response.Headers.Location = Responses.AbsoluteLocation(request, result.Location);
            if (target.StartsWith('/'))
            {
                var question = target.IndexOf('?');
                var uri = question >= 0 ? target[..question] : target;
                var args = question >= 0 ? target[(question + 1)..] : "";
                if (!HttpMethods.IsHead(request.Method)) request.Method = "GET";
                return await RedirectAsync(request, new PendingRedirect(uri, args));
            }
            if (target.StartsWith('@')) return await RedirectAsync(request, new PendingRedirect(target, null));
            await Responses.SendSpecialAsync(request, page.Overwrite ?? 302, target);
            return null;
        }
        await Responses.SendSpecialAsync(request, status, result.Location);
        return null;
    }

    private static async Task<Entry?> RedirectAsync(NginxRequest request, PendingRedirect redirect)
    {
        if (Redirect(request, redirect) is { } entry) return entry;
        return await FinalizeAsync(request, new RewriteResult(RewriteResultKind.Respond, 500));
    }

    /// <summary>
    /// nginx's internal redirect (to a URI: from server rewrite) or named location (from location
    /// rewrite); null when it fails (cycle, unknown name), which answers 500.
    /// </summary>
    private static Entry? Redirect(NginxRequest request, PendingRedirect redirect)
    {
        if (--request.UriChangesLeft == 0)
        {
            request.LogError(redirect.Uri.StartsWith('@')
                ? $"rewrite or internal redirection cycle while redirect to named location \"{redirect.Uri}\""
                : $"rewrite or internal redirection cycle while internally redirecting to \"{redirect.Uri}\"");
            return null;
        }
        request.IsInternal = true;
        if (redirect.Uri.StartsWith('@'))
        {
            if (!request.Server.NamedLocations.TryGetValue(redirect.Uri, out var named))
            {
                request.LogError($"could not find named location \"{redirect.Uri}\"");
                return null;
            }
            request.Location = named.ForMethod(request.Method);
            FilteredResponseBody.Attach(request);
            return Entry.LocationRewrite;
        }
        request.Uri = redirect.Uri;
        request.Args = redirect.Args ?? "";
        request.ArgsPresent = !string.IsNullOrEmpty(redirect.Args);
        return Entry.ServerRewrite;
    }

    private static bool BodyTooLarge(NginxRequest request)
    {
        // nginx checks once: after a 413 the body is discarded, so the error page's location is not checked again.
        var limit = request.Location.Core.ClientMaxBodySize;
        if (request.BodyDiscarded || limit <= 0 || request.Http.Request.ContentLength is not { } length || length <= limit) return false;
        request.LogError($"client intended to send too large body: {length} bytes");
        request.BodyDiscarded = true;
        return true;
    }

    /// <summary>
    /// nginx's 444: the connection is closed with nothing sent. On HTTP/1 the connection's <see cref="Rejections.RejectionGate"/>
    /// drops what Kestrel writes for this request, and <c>Connection: close</c> makes Kestrel end the connection
    /// as nginx's close() does, with a FIN; aborting would reset it. Elsewhere (HTTP/2) the request is aborted.
    /// </summary>
    private static void CloseUnanswered(NginxRequest request)
    {
        // A subrequest's 444 closes its client's connection (ngx_http_terminate_request ends the main request).
        var client = request.Main;
        if (request.IsSubrequest) client.ClosedBySubrequest = true;
        var items = client.Http.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items?.TryGetValue(typeof(Rejections.RejectionGate), out var value) == true && value is Rejections.RejectionGate gate
            && !client.Http.Response.HasStarted)
        {
            gate.Replace([]);
            client.Http.Response.Headers.Connection = "close";
            client.Http.Response.StatusCode = 444;
            return;
        }
        client.Http.Abort();
    }

    /// <summary>nginx's connection number (<c>*N</c> in the error log): one per connection, from the process's counter.</summary>
    internal static long ConnectionNumber(HttpContext http, ConnectionCounters counters) => Connection(http, counters).Number;

    /// <summary>The client connection's state (<see cref="ClientConnection"/>), made at its first request when the listener did not track it.</summary>
    internal static ClientConnection Connection(HttpContext http, ConnectionCounters counters)
    {
        var items = http.Features.Get<IConnectionItemsFeature>()?.Items;
        object? existing = null;
        if (items?.TryGetValue(typeof(ClientConnection), out existing) == true && existing is ClientConnection { Number: > 0 } known) return known;
        var connection = existing as ClientConnection ?? new ClientConnection(System.Diagnostics.Stopwatch.GetTimestamp());
        connection.Number = counters.NextConnectionNumber();
        if (items is not null) items[typeof(ClientConnection)] = connection;
        return connection;
    }
}
