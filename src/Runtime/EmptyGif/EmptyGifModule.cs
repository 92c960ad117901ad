using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.EmptyGif;

/// <summary>
/// ngx_http_empty_gif_module: <c>empty_gif</c> makes the location answer GET and HEAD with nginx's
/// 43-byte transparent 1x1 GIF (<c>image/gif</c>, Last-Modified 28 Sep 2004), other methods with 405.
/// </summary>
public sealed class EmptyGifModule : IHttpModule
{
    public string Name => "ngx_http_empty_gif_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        if (location.Scope.OwnFirst(EmptyGifDirectives.Handler) is not null) location.Content = EmptyGifHandler.Instance;
    }

    /// <summary>ngx_http_empty_gif_handler.</summary>
    private sealed class EmptyGifHandler : IContentHandler
    {
        public static readonly EmptyGifHandler Instance = new();

        /// <summary>ngx_empty_gif: header, a 2-colour table, transparency of colour 1, one LZW-coded pixel, trailer.</summary>
        private static readonly string Gif = ByteString.FromBytes(
        [
            (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a',
            0x01, 0x00, 0x01, 0x00, 0x80, 0x01, 0x00,
            0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
            0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x01, 0x00,
            0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
            0x02, 0x02, 0x4c, 0x01, 0x00, 0x3b,
        ]);

        /// <summary>r->headers_out.last_modified_time = 23349600.</summary>
        private const long LastModified = 23349600;

        public async Task<int> HandleAsync(NginxRequest request)
        {
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return 405;
            if (RequestBody.Discard(request) is > 0 and var discardFailed) return discardFailed;
            request.Http.Response.Headers.LastModified = HttpTime.Format(LastModified);
            await Responses.SendTextAsync(request, 200, Gif, "image/gif");
            return Outcome.Done;
        }
    }
}
