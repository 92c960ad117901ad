using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Static;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Autoindex;

/// <summary><c>autoindex_format</c>.</summary>
public enum ListingFormat { Html, Xml, Json, Jsonp }

/// <summary>
/// ngx_http_autoindex_handler: reads the directory the URI maps to (names starting with '.' left out), sorts it
/// (directories first, then by name, byte by byte) and answers 200 with the listing in the location's format, sent
/// without a length (chunked), as nginx does; a directory that cannot be opened is 404, 403 or 500 with nginx's
/// <c>opendir()</c> line.
/// </summary>
internal sealed record DirectoryListingHandler(ListingFormat Format, bool ExactSize, bool Localtime) : IContentHandler
{
    public async Task<int> HandleAsync(NginxRequest request)
    {
        if (!request.Uri.EndsWith('/') || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return 405;
        if (request.Location.Features.Get<StaticSettings>()?.Root.Map(request, request.Uri) is not { } mapped) return 500;
        var path = mapped.Path.Length > 1 ? mapped.Path[..^1] : mapped.Path;

        var format = Format;
        string? callback = null;
        if (format == ListingFormat.Jsonp)
        {
            // ngx_http_autoindex_jsonp_callback
            callback = CoreVariablesModule.Argument(request.Args, "callback");
            if (callback is { Length: > 128 })
            {
                request.Log(Logging.LogLevel.Info, $"client sent too long callback name: \"{callback}\"");
                return 400;
            }
            if (callback is not null && !callback.All(IsCallbackChar))
            {
                request.Log(Logging.LogLevel.Info, $"client sent invalid callback name: \"{callback}\"");
                return 400;
            }
            if (string.IsNullOrEmpty(callback)) format = ListingFormat.Json;
        }

        if (DirectoryEntry.ReadAll(path) is not { } entries)
        {
            var (status, errno) = OpenDirFailure(path);
            if (status == 500) request.Log(Logging.LogLevel.Crit, $"opendir() \"{path}\" failed ({errno})");
            else request.LogError($"opendir() \"{path}\" failed ({errno})");
            return status;
        }
        entries.Sort(DirectoryEntry.Compare);

        var response = request.Http.Response;
        // ngx_http_autoindex_handler sets the type (and for xml the charset) before ngx_http_send_header
        response.ContentType = format switch
        {
            ListingFormat.Json => "application/json",
            ListingFormat.Jsonp => "application/javascript",
            ListingFormat.Xml => "text/xml",
            _ => "text/html",
        };
        if (format == ListingFormat.Xml) request.ResponseCharset = "utf-8";
        response.ContentLength = null;
        Responses.Start(request, 200);
        if (HttpMethods.IsHead(request.Method)) return Outcome.Done;

        var body = format switch
        {
            ListingFormat.Json or ListingFormat.Jsonp => ListingPages.Json(entries, format == ListingFormat.Jsonp ? callback : null),
            ListingFormat.Xml => ListingPages.Xml(entries),
            _ => ListingPages.Html(request.Uri, entries, Utf8(request), ExactSize, Localtime),
        };
        var bytes = ByteString.ToBytes(body);
        await response.Body.WriteAsync(bytes);
        request.BodyBytesSent += bytes.Length;
        return Outcome.Done;
    }

    /// <summary>r->headers_out.charset is "utf-8" (as the charset filter left it when the header was sent).</summary>
    private static bool Utf8(NginxRequest request) =>
        string.Equals(request.ResponseCharset, "utf-8", StringComparison.OrdinalIgnoreCase);

    private static bool IsCallbackChar(char ch) =>
        (ch | 0x20) is >= 'a' and <= 'z' || ch is >= '0' and <= '9' or '_' or '.';

    /// <summary>ngx_open_dir's errno as the handler maps it: ENOENT/ENOTDIR/ENAMETOOLONG 404, EACCES 403, else 500.</summary>
    private static (int Status, string Errno) OpenDirFailure(string path)
    {
        var os = FilePath.ToOs(path);
        if (File.Exists(os)) return (404, "20: Not a directory");
        if (!Directory.Exists(os)) return (404, "2: No such file or directory");
        return (403, "13: Permission denied");
    }
}
