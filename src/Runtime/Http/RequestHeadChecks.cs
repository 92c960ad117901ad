using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// The request-head checks nginx makes while reading a request that Kestrel does not make (or
/// makes more loosely): the method must be nginx's token (upper-case letters, '_' and '-'), the
/// target free of control bytes and not "*", the head must fit nginx's header buffers, TRACE is
/// refused (405), and Transfer-Encoding must be exactly "chunked", on HTTP/1.1, without
/// Content-Length (ngx_http_process_request_header).
/// </summary>
public static class RequestHeadChecks
{
    /// <summary>
    /// ngx_http_parse_header_line's verdict on each header name, with the server's settings: a control byte, a space
    /// or a colon in it refuses the request (400); another byte than a letter, a digit or '-' ('_' too with
    /// <c>underscores_in_headers on</c>) makes the line invalid, and <c>ignore_invalid_headers on</c> (the default)
    /// drops it, with nginx's info line: it reaches neither <c>$http_*</c> nor the upstream.
    /// </summary>
    public static int HeaderNames(NginxRequest request)
    {
        var core = request.Server.Root.Core;
        var headers = request.Http.Request.Headers;
        List<string>? dropped = null;
        foreach (var (name, values) in headers)
        {
            var invalid = false;
            foreach (var c in name)
            {
                if (c <= ' ' || c == ':' || c == '\x7f')
                {
                    request.Log(LogLevel.Info, $"client sent invalid header line: \"{name}\" while reading client request headers");
                    return 400;
                }
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && !(c == '_' && core.UnderscoresInHeaders)) invalid = true;
            }
            if (!invalid || !core.IgnoreInvalidHeaders) continue;
            request.Log(LogLevel.Info, $"client sent invalid header line: \"{name}: {values}\" while reading client request headers");
            (dropped ??= []).Add(name);
        }
        if (dropped is not null)
            foreach (var name in dropped) headers.Remove(name);
        return 0;
    }

    /// <summary>0 when nginx would go on with the request, else the status it finalizes it with (400, 414, 494, 501).</summary>
    public static int Check(NginxRequest request)
    {
        var http = request.Http.Request;
        if (!IsNginxMethod(http.Method))
        {
            request.Log(LogLevel.Info, "client sent invalid method while reading client request line");
            return 400;
        }
        if (!IsNginxTarget(request.RequestUri))
        {
            request.Log(LogLevel.Info, "client sent invalid request while reading client request line");
            return 400;
        }
        if (HeadNotFitting(request) is > 0 and var tooLarge) return tooLarge;
        if (HeaderLineCount(request) > MaxHeaders)
        {
            request.Log(LogLevel.Info, "client sent too many header lines while reading client request headers");
            return 494;
        }
        if (http.Method == "TRACE")
        {
            request.Log(LogLevel.Info, "client sent TRACE method while reading client request headers");
            return 405;
        }
        var transferEncoding = http.Headers.TransferEncoding;
        if (transferEncoding.Count == 0) return 0;
        if (http.Protocol == "HTTP/1.0")
        {
            request.Log(LogLevel.Info, "client sent HTTP/1.0 request with \"Transfer-Encoding\" header while reading client request headers");
            return 400;
        }
        if (transferEncoding.Count > 1)
        {
            request.Log(LogLevel.Info, $"client sent duplicate header line: \"Transfer-Encoding: {transferEncoding[1]}\", previous value: \"Transfer-Encoding: {transferEncoding[0]}\" while reading client request headers");
            return 400;
        }
        if (!string.Equals(transferEncoding[0], "chunked", StringComparison.OrdinalIgnoreCase))
        {
            request.Log(LogLevel.Info, $"client sent unknown \"Transfer-Encoding\": \"{transferEncoding[0]}\" while reading client request headers");
            return 501;
        }
        // Kestrel removes a Content-Length sent beside chunked (RFC 9112: Transfer-Encoding wins) and keeps it as X-Content-Length.
        if (http.Headers.ContentLength is not null || http.Headers.ContainsKey("X-Content-Length"))
        {
            request.Log(LogLevel.Info, "client sent \"Content-Length\" and \"Transfer-Encoding\" headers at the same time while reading client request headers");
            return 400;
        }
        return 0;
    }

    /// <summary>
    /// Header lines nginx takes in one request: Debian's nginx 1.22.1 carries the <c>max_headers</c>
    /// limit of later nginx (default 1000, no directive to change it in 1.22); the 1001st line is 494.
    /// </summary>
    private const int MaxHeaders = 1000;

    private static int HeaderLineCount(NginxRequest request)
    {
        var count = 0;
        foreach (var header in request.Http.Request.Headers) count += header.Value.Count;
        return count;
    }

    /// <summary>
    /// The bytes of the request head as received (nginx's part of <c>$request_length</c>), rebuilt as
    /// "METHOD TARGET PROTOCOL\r\n", "Name: value\r\n" per header line, and "\r\n".
    /// </summary>
    public static int HeadLength(NginxRequest request) => HeadLength(request, out _);

    private static int HeadLength(NginxRequest request, out int headerLines)
    {
        var http = request.Http.Request;
        var total = RequestLineLength(request) + 2;
        headerLines = 0;
        foreach (var header in http.Headers)
        {
            foreach (var value in header.Value)
            {
                total += HeaderLineLength(header.Key, value);
                headerLines++;
            }
        }
        return total;
    }

    private static int RequestLineLength(NginxRequest request) =>
        request.Http.Request.Method.Length + request.RequestUri.Length + request.Http.Request.Protocol.Length + 4;

    private static int HeaderLineLength(string name, string? value) => name.Length + (value?.Length ?? 0) + 4;

    /// <summary>414 or 494 when the head does not fit nginx's buffers (see <see cref="LargeHeaderBuffers"/>), else 0.</summary>
    private static int HeadNotFitting(NginxRequest request)
    {
        var http = request.Http.Request;
        var limits = request.Model.Limits;
        if (HeadLength(request, out var count) <= limits.ClientHeaderBufferSize) return 0;

        var lines = new int[count + 2];
        var names = new string[count];
        var values = new string?[count];
        lines[0] = RequestLineLength(request);
        var index = 0;
        foreach (var header in http.Headers)
        {
            foreach (var value in header.Value)
            {
                names[index] = header.Key;
                values[index] = value;
                lines[++index] = HeaderLineLength(header.Key, value);
            }
        }
        lines[^1] = 2;
        var failing = LargeHeaderBuffers.FirstLineNotFitting(lines, limits.ClientHeaderBufferSize, limits.LargeHeaderBufferCount, limits.LargeHeaderBufferSize);
        if (failing < 0) return 0;
        if (failing == 0)
        {
            request.Log(LogLevel.Info, "client sent too long URI while reading client request line");
            return 414;
        }
        var line = failing <= count ? $"{names[failing - 1]}: {values[failing - 1]}" : "";
        request.Log(LogLevel.Info, $"client sent too long header line: \"{Shortened(line)}...\" while reading client request headers");
        return 494;
    }

    /// <summary>nginx logs the start of the offending line: NGX_MAX_ERROR_STR less room for the rest of the message.</summary>
    private static string Shortened(string line) => line.Length > 1748 ? line[..1748] : line;

    /// <summary>nginx's request line parser takes no control bytes in the target, and no "*" (OPTIONS * included).</summary>
    private static bool IsNginxTarget(string target)
    {
        if (target == "*") return false;
        foreach (var c in target)
            if (c <= ' ' || c == '\x7f') return false;
        return true;
    }

    private static bool IsNginxMethod(string method)
    {
        foreach (var c in method)
            if (c is not ((>= 'A' and <= 'Z') or '_' or '-')) return false;
        return method.Length > 0;
    }
}
