using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.SubFilter;

/// <summary>One <c>sub_filter STRING REPLACEMENT</c>: both may hold variables.</summary>
public sealed record SubFilterPair(ComplexValue Text, ComplexValue Replacement);

/// <summary>A location's sub_filter settings; <see cref="Tables"/> is null when a string holds variables (built per request).</summary>
public sealed record SubFilterSettings(IReadOnlyList<SubFilterPair> Pairs, bool Once, bool LastModified, ContentTypeSet Types, SubFilterTables? Tables);

/// <summary>
/// ngx_http_sub_filter_module: replaces strings in responses of <c>sub_filter_types</c> (any status, any
/// producer) whose length is not known to be zero. The header part drops Content-Length and, unless
/// <c>sub_filter_last_modified on</c>, Last-Modified and ETag (with it, the ETag is made weak); the body part
/// is <see cref="SubFilterStage"/>.
/// </summary>
public sealed class SubFilterModule : IHttpModule, IResponseBodyFilter
{
    public string Name => "ngx_http_sub_filter_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        var once = scope.Get(SubDirectives.Once, context);
        var lastModified = scope.Get(SubDirectives.LastModified, context);
        var types = ContentTypeSet.From(scope.Nearest(SubDirectives.Types), "text/html");
        var statements = scope.NearestAll(SubDirectives.SubFilter);
        if (statements.Count == 0) return;
        if (statements.Count > 255)
        {
            context.Error("number of search patterns exceeds 255", statements[255].Position);
            return;
        }
        var pairs = new List<SubFilterPair>();
        foreach (var statement in statements)
        {
            if (statement.Args.Count != 2 || statement.Args[0].Value.Length == 0) return;
            pairs.Add(new SubFilterPair(
                ComplexValue.Compile(statement.Args[0].Value, context, statement.Position),
                ComplexValue.Compile(statement.Args[1].Value, context, statement.Position)));
        }
        var tables = pairs.All(p => p.Text.IsLiteral)
            ? SubFilterTables.Build(pairs.Select((p, i) => new SubFilterMatch(Lower(Literal(p.Text)), i)).ToList())
            : null;
        location.Features.Set(new SubFilterSettings(pairs, once, lastModified, types, tables));
        location.BodyFilters.Add(this);
    }

    public bool Takes(NginxRequest request, int status) => Considers(request) is { } settings && TablesFor(request, settings) is not null;

    public Func<Stream, Stream>? Start(NginxRequest request, int status)
    {
        if (Considers(request) is not { } settings || TablesFor(request, settings) is not { } tables) return null;
        var response = request.Http.Response;
        response.ContentLength = null;
        Responses.ClearOrWeakenValidators(response, settings.LastModified);
        return next => new SubFilterStage(next, request, settings, tables);
    }

    /// <summary>The first test of ngx_http_sub_header_filter: strings set, a length not known to be zero, a listed type.</summary>
    private static SubFilterSettings? Considers(NginxRequest request)
    {
        if (request.Location.Features.Get<SubFilterSettings>() is not { } settings) return null;
        var response = request.Http.Response;
        if (response.ContentLength == 0 || !settings.Types.Matches(response.ContentType)) return null;
        return settings;
    }

    /// <summary>The location's tables, or ones built for this request from the strings' values (empty ones left out); null when none is left.</summary>
    private static SubFilterTables? TablesFor(NginxRequest request, SubFilterSettings settings)
    {
        if (settings.Tables is not null) return settings.Tables;
        var matches = new List<SubFilterMatch>();
        for (var i = 0; i < settings.Pairs.Count; i++)
            if (settings.Pairs[i].Text.Evaluate(request) is { Length: > 0 } text) matches.Add(new SubFilterMatch(Lower(text), i));
        return matches.Count == 0 ? null : SubFilterTables.Build(matches);
    }

    private static string Literal(ComplexValue value) => value.Evaluate(null!);

    /// <summary>ngx_strlow on the string's bytes.</summary>
    private static byte[] Lower(string text)
    {
        var bytes = ByteString.ToBytes(text);
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] is >= (byte)'A' and <= (byte)'Z') bytes[i] |= 0x20;
        return bytes;
    }
}
