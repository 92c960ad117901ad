using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Headers;

/// <summary>
/// ngx_http_headers_filter_module: <c>expires</c> and <c>add_header</c> compiled per location,
/// applied to every response of that location as it starts (<see cref="IResponseHeaderFilter"/>):
/// only on 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 unless <c>always</c>.
/// </summary>
public sealed class HeadersModule : IHttpModule, IResponseHeaderFilter
{
    public string Name => "ngx_http_headers_filter_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var settings = new HeadersSettings(Expires(location.Scope, context), AddedHeaders(location.Scope, context));
        if (!settings.IsEmpty) location.Features.Set(settings);
    }

    public void Apply(NginxRequest request, int status)
    {
        // ngx_http_headers_filter leaves subrequests' responses alone.
        if (request.IsSubrequest || request.Location.Features.Get<HeadersSettings>() is not { } settings) return;
        var safe = status is 200 or 201 or 204 or 206 or 301 or 302 or 303 or 304 or 307 or 308;
        if (safe && settings.Expires.Kind != ExpiresKind.Off) settings.Expires.Apply(request);
        foreach (var header in settings.Headers)
            if (safe || header.Always) header.Apply(request);
    }

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

    private static IReadOnlyList<AddedHeader> AddedHeaders(DirectiveScope scope, CompileContext context)
    {
        var list = new List<AddedHeader>();
        foreach (var directive in scope.NearestAll(HeadersDirectives.AddHeader))
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
