using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Headers;

/// <summary>
/// ngx_http_headers_filter_module: <c>expires</c>, <c>add_header</c> and <c>add_trailer</c> compiled per location.
/// The header part applies the first two to every response of that location as it starts
/// (<see cref="IResponseHeaderFilter"/>); the body part carries the trailers (<see cref="TrailersStage"/>). Each
/// only on 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 unless <c>always</c>.
/// </summary>
public sealed class HeadersModule : IHttpModule, IResponseHeaderFilter, IResponseBodyFilter
{
    public string Name => "ngx_http_headers_filter_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var settings = new HeadersSettings(Expires(location.Scope, context),
            AddedHeaders(location.Scope, HeadersDirectives.AddHeader, context), AddedHeaders(location.Scope, HeadersDirectives.AddTrailer, context));
        if (settings.IsEmpty) return;
        location.Features.Set(settings);
        if (settings.Trailers.Count > 0) location.BodyFilters.Add(this);
    }

    public void Apply(NginxRequest request, int status)
    {
        // ngx_http_headers_filter leaves subrequests' responses alone.
        if (request.IsSubrequest || request.Location.Features.Get<HeadersSettings>() is not { } settings) return;
        var safe = IsSafe(status);
        if (safe && settings.Expires.Kind != ExpiresKind.Off) settings.Expires.Apply(request);
        foreach (var header in settings.Headers)
            if (safe || header.Always) header.Apply(request);
    }

    /// <summary>Trailers keep the bytes and their length as they are: ranges stay.</summary>
    public bool Takes(NginxRequest request, int status) => false;

    /// <summary>
    /// ngx_http_headers_filter's <c>r->expect_trailers</c> with ngx_http_chunked_header_filter's choice: trailers go
    /// out when one applies to the status, the response has a body, and it is HTTP/2 or a chunked HTTP/1.1 response
    /// (its length dropped, <c>chunked_transfer_encoding on</c>); HTTP/1.0 and HEAD get none.
    /// </summary>
    public Func<Stream, Stream>? Start(NginxRequest request, int status)
    {
        if (request.IsSubrequest || request.Location.Features.Get<HeadersSettings>() is not { Trailers.Count: > 0 } settings) return null;
        var safe = IsSafe(status);
        if (!safe && !settings.Trailers.Any(t => t.Always)) return null;
        if (status is 204 or 304 or < 200 || HttpMethods.IsHead(request.Method)) return null;
        var response = request.Http.Response;
        switch (request.Http.Request.Protocol)
        {
            case "HTTP/2" or "HTTP/3":
                return next => new TrailersStage(request, settings.Trailers, safe, chunked: false, next);
            case "HTTP/1.1" when request.Location.Core.ChunkedTransferEncoding:
                response.ContentLength = null;
                response.Headers.TransferEncoding = "chunked";
                // A producer that sets its length after the filters ran (a single range's) has it dropped as the head goes out.
                if (!response.HasStarted) response.OnStarting(() =>
                {
                    response.ContentLength = null;
                    return Task.CompletedTask;
                });
                return next => new TrailersStage(request, settings.Trailers, safe, chunked: true, next);
            default:
                return null;
        }
    }

    private static bool IsSafe(int status) => status is 200 or 201 or 204 or 206 or 301 or 302 or 303 or 304 or 307 or 308;

    private static ExpiresSetting Expires(DirectiveScope scope, CompileContext context)
    {
        if (scope.Nearest(HeadersDirectives.Expires) is not { Args.Count: 1 or 2 } directive) return ExpiresSetting.Off;
        var modified = directive.Args.Count == 2;
        if (modified && directive.Args[0].Value != "modified")
        {
            context.Error("invalid value", directive.Position);
            return ExpiresSetting.Off;
        }
        var text = directive.Args[^1].Value;
        var value = ComplexValue.Compile(text, context, directive.Position);
        if (!value.IsLiteral) return new ExpiresSetting(modified ? ExpiresKind.Modified : ExpiresKind.Access, 0, value);
        if (ExpiresSetting.Parse(text, modified, out var error) is { } parsed) return parsed;
        context.Error(error == "invalid value" ? "\"expires\" directive invalid value" : error!, directive.Position);
        return ExpiresSetting.Off;
    }

    private static IReadOnlyList<AddedHeader> AddedHeaders(DirectiveScope scope, NginxConf.Directives.DirectiveKey key, CompileContext context)
    {
        var list = new List<AddedHeader>();
        foreach (var directive in scope.NearestAll(key))
        {
            if (directive.Args.Count is not (2 or 3)) continue;
            var always = directive.Args.Count == 3;
            if (always && directive.Args[2].Value != "always")
            {
                context.Error($"invalid parameter \"{directive.Args[2].Value}\"", directive.Position);
                continue;
            }
            var value = directive.Args[1].Value.Length == 0
                ? ComplexValue.Literal("")
                : ComplexValue.Compile(directive.Args[1].Value, context, directive.Position);
            list.Add(new AddedHeader(directive.Args[0].Value, value, always));
        }
        return list;
    }
}
