using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Static;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Flv;

/// <summary>
/// ngx_http_flv_module: <c>flv</c> makes the location serve files with pseudo-streaming: <c>?start=N</c> (0 &lt; N &lt;
/// size) answers with nginx's 13-byte FLV header followed by the file from byte N; otherwise the whole file. Either
/// way as a static file: Last-Modified, an ETag of the answer's length, conditionals and ranges over the answer.
/// </summary>
public sealed class FlvModule : IHttpModule
{
    public string Name => "ngx_http_flv_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        if (location.Scope.OwnFirst(FlvDirectives.Handler) is not null) location.Content = FlvHandler.Instance;
    }

    /// <summary>ngx_http_flv_handler.</summary>
    private sealed class FlvHandler : IContentHandler
    {
        public static readonly FlvHandler Instance = new();

        /// <summary>ngx_flv_header: "FLV", version 1, audio and video, a 9-byte header, then a zero previous-tag size.</summary>
        private static readonly byte[] Header = [(byte)'F', (byte)'L', (byte)'V', 1, 5, 0, 0, 0, 9, 0, 0, 0, 0];

        public async Task<int> HandleAsync(NginxRequest request)
        {
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return 405;
            if (request.Uri.EndsWith('/')) return await HttpModules.DefaultContent.HandleAsync(request);
            if (RequestBody.Discard(request) is > 0 and var discardFailed) return discardFailed;
            if (request.Location.Features.Get<StaticSettings>() is not { } settings || settings.Root.Map(request, request.Uri) is not { } mapped) return 500;
            var probe = FilePath.Probe(mapped.Path);
            switch (probe.Kind)
            {
                case FileKind.Missing:
                    if (request.Location.Core.LogNotFound) request.LogError($"open() \"{mapped.Path}\" failed ({FilePath.ErrnoText(probe.Kind)})");
                    return 404;
                case FileKind.Forbidden:
                    request.LogError($"open() \"{mapped.Path}\" failed ({FilePath.ErrnoText(probe.Kind)})");
                    return 403;
                case FileKind.Directory:
                    // not a file: the handler declines, and the static module answers (a redirect to the directory)
                    return await HttpModules.DefaultContent.HandleAsync(request);
            }

            long start = 0;
            if (request.Args.Length > 0 && CoreVariablesModule.Argument(request.Args, "start") is { } value)
            {
                // ngx_atoof: digits only; an error or a start past the end serves the whole file
                start = value.Length > 0 && value.Length < 19 && value.All(char.IsAsciiDigit) ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                if (start >= probe.Size) start = 0;
            }
            request.Main.LogAction = "sending flv to client";
            if (start == 0) return await FileResponse.SendAsync(request, settings, mapped.Path, probe);

            FileStream file;
            try
            {
                file = new FileStream(probe.OsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                request.LogError($"open() \"{mapped.Path}\" failed ({FilePath.ErrnoText(e is UnauthorizedAccessException ? FileKind.Forbidden : FileKind.Missing)})");
                return e is UnauthorizedAccessException ? 403 : 404;
            }
            await using var body = new PrefixedStream(Header, file, start);
            return await FileResponse.SendStreamAsync(request, settings, body, probe.MTime);
        }
    }
}
