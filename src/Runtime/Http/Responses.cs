using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ProxyServer.Runtime.Core;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// Writes responses the way nginx's header filter shapes them: nginx's reason phrases, our
/// Server token, a relative Location made absolute (<c>absolute_redirect</c>,
/// <c>server_name_in_redirect</c>, <c>port_in_redirect</c>), nginx's error pages.
/// </summary>
public static class Responses
{
    /// <summary>
    /// Sets status (after any error_page override), reason phrase and Server header, then runs the header
    /// filters and engages the body filters. <paramref name="filtersSee"/>: the status nginx's filters see
    /// when it differs from the one sent (a 206 is still a 200 to them: the range filter comes after).
    /// </summary>
    public static void Start(NginxRequest request, int status, int? filtersSee = null)
    {
        status = request.StatusOverride is > 0 and var forced ? forced : status;
        var response = request.Http.Response;
        response.StatusCode = status;
        if (request.Http.Features.Get<IHttpResponseFeature>() is { } feature)
            feature.ReasonPhrase = StatusTexts.Reason(status) is { Length: > 0 } reason ? reason : null;
        response.Headers.Server = ServerIdentity.Token(request.Location.Core.ServerTokens);
        if (response.Headers.Connection.Count == 0 && status != 101) SetConnection(request, response);
        request.Status = status;
        Modules.HttpModules.RunHeaderFilters(request, status);
        request.FilteredBody?.Engage(filtersSee ?? status);
    }

    /// <summary>
    /// ngx_http_header_filter's Connection line, <c>keep-alive</c> (with <c>Keep-Alive: timeout=N</c> when
    /// keepalive_timeout has a second value) whenever r->keepalive, else <c>close</c>, which makes Kestrel close the
    /// connection after the response. Kestrel writes an HTTP/1.0 response's itself, so there only a kept connection
    /// the limits end is told so.
    /// </summary>
    private static void SetConnection(NginxRequest request, HttpResponse response)
    {
        var keeps = KeepsAlive(request);
        bool keptOpen;
        if (HttpProtocol.IsHttp11(request.Http.Request.Protocol))
        {
            response.Headers.Connection = keeps ? "keep-alive" : "close";
            keptOpen = keeps;
        }
        else
        {
            var asked = AsksFor(request, "keep-alive");
            if (!keeps && asked) response.Headers.Connection = "close";
            keptOpen = keeps && asked;
        }
        if (keptOpen && request.Location.Core.KeepaliveHeaderSeconds is { } seconds)
            response.Headers.KeepAlive = "timeout=" + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// r->keepalive as nginx leaves it by the response (ngx_http_update_location_config, ngx_http_finalize_connection):
    /// the client did not ask to close, keepalive_timeout is not 0, the connection has carried fewer than
    /// keepalive_requests requests and is younger than keepalive_time, and keepalive_disable does not name the
    /// browser (msie6 only for its POSTs).
    /// </summary>
    private static bool KeepsAlive(NginxRequest request)
    {
        var core = request.Location.Core;
        if (core.KeepaliveTimeout <= TimeSpan.Zero || AsksFor(request, "close")) return false;
        if (request.ConnectionRequests >= core.KeepaliveRequests) return false;
        if (request.Connection is { } connection && System.Diagnostics.Stopwatch.GetElapsedTime(connection.AcceptedTimestamp) > core.KeepaliveTime) return false;
        // the User-Agent is read only when a rule could apply (msie6's is for POSTs alone)
        if ((core.KeepaliveDisableMsie6 && HttpMethods.IsPost(request.Method)) || core.KeepaliveDisableSafari)
        {
            var browser = BrowserFlags.Of(request);
            if (core.KeepaliveDisableMsie6 && browser.Msie6 && HttpMethods.IsPost(request.Method)) return false;
            if (core.KeepaliveDisableSafari && browser.Safari) return false;
        }
        return true;
    }

    private static bool AsksFor(NginxRequest request, string token)
    {
        foreach (var value in request.Http.Request.Headers.Connection)
            if (value is not null && value.Split(',').Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase)))
                return true;
        return false;
    }

    /// <summary>
    /// nginx's special response: its HTML page for the status (if it has one), with Location if
    /// given; MSIE and Chrome get the page padded past their "friendly" error page threshold
    /// (<c>msie_padding</c>), MSIE a Refresh page instead of a 301/302 (<c>msie_refresh</c>).
    /// </summary>
    public static async Task SendSpecialAsync(NginxRequest request, int status, string? location = null)
    {
        // A special response carries its own status (ngx_http_special_response_handler sets
        // r->err_status = error): an earlier error_page's status does not apply to it, be it a
        // directory redirect or a "return 302" in the page's location (rewrite.t, http_error_page.t).
        request.StatusOverride = null;
        var core = request.Location.Core;
        request.FinalizedWithStatus = true;
        if (location is not null && status is 301 or 302 && core.MsieRefresh && BrowserFlags.Of(request).Msie)
        {
            await SendRefreshAsync(request, location);
            return;
        }
        var page = StatusTexts.Page(status, ServerIdentity.Token(core.ServerTokens));
        var response = request.Http.Response;
        if (location is not null) response.Headers.Location = AbsoluteLocation(request, UriEscaping.EscapeControls(location));
        if (status is 204 or 304 || page is null)
        {
            if (status is not (204 or 304)) response.ContentLength = 0;
            Start(request, StatusTexts.SentStatus(status));
            return;
        }
        if (status >= 400 && core.MsiePadding && BrowserFlags.Of(request) is { Msie: true } or { Chrome: true })
            page += StatusTexts.MsiePadding;
        await SendBodyAsync(request, StatusTexts.SentStatus(status), "text/html", page);
    }

    /// <summary>ngx_http_send_refresh: 200 with a page whose Refresh meta tag holds the Location as it was set (not made absolute).</summary>
    private static Task SendRefreshAsync(NginxRequest request, string location) =>
        SendBodyAsync(request, 200, "text/html", StatusTexts.RefreshPage(location));

    /// <summary>
    /// <c>return CODE "text"</c>: the text as the body, typed as nginx's ngx_http_set_content_type
    /// types it: by the extension of the current <c>$uri</c> through the location's <c>types</c>,
    /// else <c>default_type</c>.
    /// </summary>
    public static async Task SendTextAsync(NginxRequest request, int status, string body, string? contentType = null)
    {
        // nginx's header filter: a 204 has no type, length or body; a 304 keeps its type, with no body.
        if (status == 204)
        {
            Start(request, status);
            return;
        }
        // ngx_http_set_content_type keeps a type already set (one an X-Accel-Redirect carried over)
        if (contentType is null && request.Http.Response.Headers.ContentType is [{ Length: > 0 } carried]) contentType = carried;
        contentType ??= ContentTypeOf(request);
        if (status == 304)
        {
            request.Http.Response.ContentType = contentType;
            request.Http.Response.ContentLength = 0;
            Start(request, status);
            return;
        }
        await SendBodyAsync(request, status, contentType, body);
    }

    /// <summary>ngx_http_set_content_type: the type of the current <c>$uri</c>'s extension in the location's <c>types</c>, else <c>default_type</c>.</summary>
    public static string ContentTypeOf(NginxRequest request) =>
        request.Location.Features.Get<MimeTypes>()?.Find(MimeTypes.Extension(request.Uri)) ?? request.Location.Core.DefaultType;

    /// <summary>
    /// A body held in memory: type and length set before the response starts (the filters see them, as
    /// nginx's do), then the bytes unless HEAD.
    /// </summary>
    private static async Task SendBodyAsync(NginxRequest request, int status, string contentType, string body)
    {
        var response = request.Http.Response;
        var bytes = ByteString.ToBytes(body);
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        Start(request, status);
        // An error_page "=204" (or 304) imposed on a text answer: nginx's header filter sends the head only.
        if (response.StatusCode is 204 or 304)
        {
            response.Headers.ContentType = default;
            response.ContentLength = null;
            return;
        }
        if (HttpMethods.IsHead(request.Http.Request.Method)) return;
        await response.Body.WriteAsync(bytes);
        request.BodyBytesSent += bytes.Length;
    }

    /// <summary>
    /// ngx_http_weak_etag, for filters that change the bytes (gzip, gunzip, sub_filter): a strong entity tag
    /// becomes weak (<c>W/"..."</c>); one that is neither is dropped.
    /// </summary>
    public static void WeakenEtag(HttpResponse response)
    {
        if (response.Headers.ETag.Count == 0 || response.Headers.ETag[0] is not { } etag) return;
        if (etag.Length > 2 && etag.StartsWith("W/", StringComparison.Ordinal)) return;
        if (etag.StartsWith('"')) response.Headers.ETag = "W/" + etag;
        else response.Headers.ETag = default;
    }

    /// <summary>
    /// What a filter that rewrites the page does to its validators (sub_filter, ssi): ngx_http_clear_last_modified and
    /// ngx_http_clear_etag, or with its <c>*_last_modified on</c>, ngx_http_weak_etag and Last-Modified kept.
    /// </summary>
    public static void ClearOrWeakenValidators(HttpResponse response, bool keepLastModified)
    {
        if (keepLastModified)
        {
            WeakenEtag(response);
            return;
        }
        response.Headers.LastModified = default;
        response.Headers.ETag = default;
    }

    /// <summary>ngx_http_header_filter's rewrite of a Location starting with '/'.</summary>
    public static string AbsoluteLocation(NginxRequest request, string location)
    {
        var core = request.Location.Core;
        if (location.Length == 0 || location[0] != '/' || !core.AbsoluteRedirect) return location;
        string host;
        if (core.ServerNameInRedirect) host = request.Server.PrimaryName;
        else if (request.Host.Length > 0) host = request.Host;
        else host = LocalAddressText(request.Http);
        var scheme = request.Http.Request.Scheme;
        var port = request.Http.Connection.LocalPort;
        var defaultPort = scheme == "https" ? 443 : 80;
        var portText = core.PortInRedirect && port != defaultPort ? ":" + port : "";
        return $"{scheme}://{host}{portText}{location}";
    }

    private static string LocalAddressText(HttpContext http)
    {
        var address = http.Connection.LocalIpAddress;
        if (address is null) return "";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
