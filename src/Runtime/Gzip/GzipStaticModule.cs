using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Static;

namespace ProxyServer.Runtime.Gzip;

/// <summary>
/// ngx_http_gzip_static_module: in a location served from files, <c>gzip_static on</c> answers a GET or
/// HEAD for a file with its precompressed <c>FILE.gz</c> when the client may have gzip
/// (<see cref="GzipAcceptance"/>), <c>always</c> whatever the client; typed by the original name,
/// <c>Content-Encoding: gzip</c>, the .gz file's length, Last-Modified and ETag, no ranges. Without a .gz
/// file (or for a client that may not have it) the static module serves the request as usual; a .gz file
/// found asks for Vary either way.
/// </summary>
public sealed class GzipStaticModule : IHttpModule
{
    public string Name => "ngx_http_gzip_static_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var mode = location.Scope.Get(GzipStaticDirectives.GzipStatic, context);
        if (mode == "off" || location.Content is not null) return;
        location.Content = new GzipStaticHandler(always: mode == "always");
    }

    /// <summary>ngx_http_gzip_static_handler, ahead of the static module in the content phase.</summary>
    private sealed class GzipStaticHandler(bool always) : IContentHandler
    {
        public async Task<int> HandleAsync(NginxRequest request)
        {
            if (await TryAsync(request) is { } outcome) return outcome;
            return await HttpModules.DefaultContent.HandleAsync(request);
        }

        /// <summary>The answer from FILE.gz, or null when the handler declines.</summary>
        private async Task<int?> TryAsync(NginxRequest request)
        {
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || request.Uri.EndsWith('/')) return null;
            if (request.Location.Features.Get<StaticSettings>() is not { } settings) return null;
            var acceptance = GzipAcceptance.Of(request.Location);
            var ok = always || acceptance.Accepts(request);
            if (!acceptance.Vary && !ok) return null;
            if (settings.Root.Map(request, request.Uri) is not { } mapped) return 500;
            var path = mapped.Path + ".gz";
            var probe = FilePath.Probe(path);
            switch (probe.Kind)
            {
                case FileKind.Missing:
                    return null;
                case FileKind.Forbidden:
                    request.LogError($"open() \"{path}\" failed ({FilePath.ErrnoText(probe.Kind)})");
                    return null;
            }
            acceptance.MarkVary(request);
            if (!ok || probe.Kind == FileKind.Directory) return null;
            if (RequestBody.Discard(request) is > 0 and var discardFailed) return discardFailed;
            request.Http.Response.Headers.ContentEncoding = "gzip";
            return await FileResponse.SendAsync(request, settings with { MaxRanges = 0 }, path, probe);
        }
    }
}
