using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Static;

/// <summary>
/// nginx's content phase for a location without a handler of its own: the index module for
/// URIs ending in '/', then autoindex (when on), then the static module for the rest; a directory URI no index
/// file or listing answered is 403 ("directory index ... is forbidden").
/// </summary>
public sealed class StaticContentHandler : IContentHandler
{
    public async Task<int> HandleAsync(NginxRequest request)
    {
        var settings = request.Location.Features.Get<StaticSettings>();
        if (settings is null) return 404;
        var method = request.Method;
        var readable = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsPost(method);
        var uri = request.Uri;
        if (uri.EndsWith('/'))
        {
            if (readable && IndexModule(request, settings) is { } outcome) return outcome;
            if (settings.DirectoryListing is { } listing && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)))
                return await listing.HandleAsync(request);
            if (!readable) return 405;
            if (settings.Root.Map(request, uri) is not { } dir) return 500;
            request.LogError($"directory index of \"{dir.Path}\" is forbidden");
            return 403;
        }
        if (!readable) return 405;
        return await StaticModuleAsync(request, settings);
    }

    /// <summary>ngx_http_index_handler: the first index file that exists is served by internal redirect; null = declined.</summary>
    private static int? IndexModule(NginxRequest request, StaticSettings settings)
    {
        var tested = false;
        foreach (var index in settings.Index.Names)
        {
            var name = index.Evaluate(request);
            if (name.StartsWith('/'))
            {
                request.RedirectTo(name, request.Args);
                return Outcome.Redirected;
            }
            if (settings.Root.Map(request, request.Uri) is not { } mapped) return 500;
            var path = mapped.Path + name;
            var probe = FilePath.Probe(path);
            if (probe.Kind == FileKind.Forbidden)
            {
                request.LogError($"\"{path}\" is forbidden ({FilePath.ErrnoText(probe.Kind)})");
                return 403;
            }
            if (probe.Kind == FileKind.Missing)
            {
                if (!tested)
                {
                    tested = true;
                    var directory = FilePath.Probe(mapped.Path.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/");
                    if (directory.Kind == FileKind.Missing)
                    {
                        request.LogError($"\"{path}\" is not found ({FilePath.ErrnoText(FileKind.Missing)})");
                        return 404;
                    }
                    if (directory.Kind == FileKind.File)
                    {
                        request.LogError($"\"{path}\" is not found (20: Not a directory)");
                        return 404;
                    }
                }
                continue;
            }
            request.RedirectTo(request.Uri + name, request.Args);
            return Outcome.Redirected;
        }
        return null;
    }

    /// <summary>ngx_http_static_handler for a URI not ending in '/'.</summary>
    private static async Task<int> StaticModuleAsync(NginxRequest request, StaticSettings settings)
    {
        if (settings.Root.Map(request, request.Uri) is not { } mapped) return 500;
        var probe = FilePath.Probe(mapped.Path);
        switch (probe.Kind)
        {
            case FileKind.Missing:
                if (request.Location.Core.LogNotFound)
                    request.LogError($"open() \"{mapped.Path}\" failed ({FilePath.ErrnoText(probe.Kind)})");
                return 404;
            case FileKind.Forbidden:
                request.LogError($"open() \"{mapped.Path}\" failed ({FilePath.ErrnoText(probe.Kind)})");
                return 403;
            case FileKind.Directory:
                var location = UriEscaping.EscapeUri(request.Uri) + "/" + (request.Args.Length > 0 ? "?" + request.Args : "");
                await Responses.SendSpecialAsync(request, 301, location);
                return Outcome.Done;
        }
        if (HttpMethods.IsPost(request.Method)) return 405;
        // As ngx_http_static_handler: the body is discarded before the file is sent, so malformed chunked encoding is 400.
        if (RequestBody.Discard(request) is > 0 and var discardFailed) return discardFailed;
        request.Main.LogAction = "sending response to client";
        return await FileResponse.SendAsync(request, settings, mapped.Path, probe);
    }
}
