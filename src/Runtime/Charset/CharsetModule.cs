using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Charset;

/// <summary><c>charset</c> or <c>source_charset</c>: off (null), a name, or a variable holding one.</summary>
public sealed record CharsetName(string? Literal, ComplexValue? Variable)
{
    public string? Evaluate(NginxRequest request) => Literal ?? (Variable?.Evaluate(request) is { Length: > 0 } value ? value : null);
}

/// <summary>A location's charset settings (ngx_http_charset_loc_conf_t, merged).</summary>
public sealed record CharsetSettings(CharsetName? Charset, CharsetName? Source, bool Override, ContentTypeSet Types, CharsetMaps Maps);

/// <summary>
/// ngx_http_charset_filter_module. The header part (<see cref="Apply"/>, ngx_http_charset_header_filter) names the
/// response's charset in its Content-Type (<c>; charset=</c>, through <see cref="NginxRequest.ResponseCharset"/>) for
/// <c>charset_types</c>, and when the source charset (the upstream's <c>charset=</c>, else <c>source_charset</c>)
/// differs and a <c>charset_map</c> joins them, the body part recodes the bytes (<see cref="CharsetStage"/>);
/// an upstream's <c>X-Accel-Charset</c> overrides the location's <c>charset</c>.
/// </summary>
public sealed class CharsetModule : IHttpModule, IResponseHeaderFilter, IResponseBodyFilter
{
    /// <summary>ngx_http_charset_default_types.</summary>
    private static readonly string[] DefaultTypes =
        ["text/html", "text/xml", "text/plain", "text/vnd.wap.wml", "application/javascript", "application/rss+xml"];

    public string Name => "ngx_http_charset_module";

    public void CompileHttp(DirectiveScope http, CompileContext context) => context.Features.Set(CharsetMaps.Compile(http, context));

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var maps = context.Features.Get<CharsetMaps>() ?? new CharsetMaps();
        var scope = location.Scope;
        var charset = NameOf(scope.Nearest(CharsetDirectives.Charset), allowOff: true, maps, context);
        var source = NameOf(scope.Nearest(CharsetDirectives.SourceCharset), allowOff: false, maps, context);
        // ngx_http_charset_merge_loc_conf / ngx_http_charset_postconfiguration: two named charsets need a map between them
        if (charset?.Literal is { } to && source?.Literal is { } from && !string.Equals(to, from, StringComparison.OrdinalIgnoreCase)
            && !maps.HasTable(from, to) && scope.Nearest(CharsetDirectives.Charset) is { } at)
            context.Error($"no \"charset_map\" between the charsets \"{from}\" and \"{to}\"", at.Position);
        var overriding = scope.Get(CharsetDirectives.OverrideCharset, context);
        var types = ContentTypeSet.From(scope.Nearest(CharsetDirectives.Types), DefaultTypes);
        // A location without charset is left alone unless a handler's upstream may name one (X-Accel-Charset).
        if (charset is null && location.Content is null) return;
        var settings = new CharsetSettings(charset, source, overriding, types, maps);
        location.Features.Set(settings);
        location.BodyFilters.Add(this);
    }

    private static CharsetName? NameOf(ConfigDirective? directive, bool allowOff, CharsetMaps maps, CompileContext context)
    {
        if (directive is not { Args.Count: 1 }) return null;
        var value = directive.Args[0].Value;
        if (allowOff && value == "off") return null;
        if (value.StartsWith('$')) return new CharsetName(null, ComplexValue.Compile(value, context, directive.Position));
        maps.Add(value);
        return new CharsetName(value, null);
    }

    /// <summary>ngx_http_charset_header_filter.</summary>
    public void Apply(NginxRequest request, int status)
    {
        if (Decide(request) is not { } decision) return;
        if (decision.Error is { } error)
        {
            request.LogError(error);
            return;
        }
        if (decision.DropParameters) DropParameters(request);
        if (decision.Charset is { } charset) SetCharset(request, charset);
        if (decision.Table is not { } table) return;
        // ngx_http_charset_ctx: recoding to or from utf-8 changes the length
        if (table.Bytes is null && !request.IsSubrequest) request.Http.Response.ContentLength = null;
        request.Features.Set(new CharsetRecoding(table));
    }

    /// <summary>What the header filter does to this response, without doing it; null when it declines.</summary>
    private static Decision? Decide(NginxRequest request)
    {
        if (request.Location.Features.Get<CharsetSettings>() is not { } settings) return null;
        var response = request.Http.Response;
        var contentType = response.Headers.ContentType.ToString();
        var maps = settings.Maps;
        // r->headers_out.charset: what the upstream's Content-Type said
        var typeCharset = CharsetParameter(contentType);
        string destination;
        if (!request.IsSubrequest)
        {
            // ngx_http_destination_charset
            if (contentType.Length == 0) return null;
            if (request.OverrideCharset is { Length: > 0 } overriding)
            {
                if (!maps.Knows(overriding)) return new Decision { Error = $"unknown charset \"{overriding}\" to override" };
                destination = overriding;
            }
            else
            {
                if (settings.Charset is null) return null;
                if (typeCharset is not null)
                {
                    if (!settings.Override) return null;
                }
                else if (!settings.Types.Matches(contentType))
                {
                    return null;
                }
                if (settings.Charset.Evaluate(request) is not { } named) return null;
                destination = named;
            }
        }
        else
        {
            // ngx_http_main_request_charset
            if (request.Main.ResponseCharset is not { } main) return null;
            destination = main;
        }

        // ngx_http_source_charset
        var source = typeCharset ?? settings.Source?.Evaluate(request);
        if (source is null) return new Decision { Charset = destination };
        var knownDestination = maps.Knows(destination);
        var knownSource = maps.Knows(source);
        var same = string.Equals(source, destination, StringComparison.OrdinalIgnoreCase);
        if (!knownDestination || !knownSource)
            return knownDestination == knownSource && same ? new Decision { Charset = destination } : NoMap(source, destination);
        if (same) return new Decision { Charset = destination, DropParameters = true };
        if (response.Headers.ContentEncoding is { Count: > 0 } encoding && encoding.ToString().Length > 0) return null;
        if (maps.Table(source, destination) is not { } table) return NoMap(source, destination);
        return new Decision { Charset = destination, DropParameters = true, Table = table };
    }

    /// <summary>The header filter's verdict: the charset to name, whether the type loses its parameters, the table to recode with, or an error line.</summary>
    private sealed record Decision
    {
        public string? Charset { get; init; }
        public bool DropParameters { get; init; }
        public CharsetTable? Table { get; init; }
        public string? Error { get; init; }
    }

    private static Decision NoMap(string source, string destination) =>
        new() { Error = $"no \"charset_map\" between the charsets \"{source}\" and \"{destination}\"" };

    /// <summary>ngx_http_set_charset: the main request's only, and none for a 301 or 302.</summary>
    private static void SetCharset(NginxRequest request, string charset)
    {
        if (request.IsSubrequest) return;
        request.ResponseCharset = request.Http.Response.StatusCode is 301 or 302 ? null : charset;
    }

    /// <summary>r->headers_out.content_type.len = content_type_len: the type without its parameters.</summary>
    private static void DropParameters(NginxRequest request)
    {
        var type = request.Http.Response.Headers.ContentType.ToString();
        if (type.IndexOf(';') is >= 0 and var end) request.Http.Response.Headers.ContentType = type[..end].TrimEnd(' ');
    }

    /// <summary>The <c>charset=</c> parameter of a Content-Type, quotes removed (ngx_http_upstream_copy_content_type).</summary>
    private static string? CharsetParameter(string contentType)
    {
        var at = contentType.IndexOf("charset=", StringComparison.OrdinalIgnoreCase);
        if (at < 0 || contentType.IndexOf(';') is var semicolon && (semicolon < 0 || semicolon > at)) return null;
        var value = contentType[(at + 8)..];
        if (value.IndexOf(';') is >= 0 and var end) value = value[..end];
        value = value.Trim().Trim('"');
        return value.Length > 0 ? value : null;
    }

    /// <summary>Asked before the header filters ran: only a recoding to or from utf-8 changes the length a producer announces.</summary>
    public bool Takes(NginxRequest request, int status) =>
        request.Features.Get<CharsetRecoding>() is { Table.Bytes: null } || Decide(request) is { Table: { Bytes: null } };

    public Func<Stream, Stream>? Start(NginxRequest request, int status)
    {
        if (request.Features.Get<CharsetRecoding>() is not { } recoding) return null;
        return next => new CharsetStage(next, recoding.Table);
    }

    /// <summary>The request's ngx_http_charset_ctx_t: the table its body goes through.</summary>
    private sealed record CharsetRecoding(CharsetTable Table);
}
