using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Static;

/// <summary>
/// Static content as nginx serves it: the static and index modules plus the core module's
/// file directives (<c>root</c>, <c>alias</c>, <c>try_files</c>, <c>types</c>, <c>etag</c>,
/// <c>if_modified_since</c>, <c>max_ranges</c>). Each location gets its <see cref="StaticSettings"/>;
/// <see cref="StaticContentHandler"/> serves locations without a handler of their own.
/// </summary>
public sealed class StaticModule : IHttpModule
{
    public string Name => "ngx_http_static_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("document_root", r => Settings(r)?.Root.Base(r));
        variables.Register("realpath_root", r => Settings(r)?.Root.Base(r) is { } root ? RealPath(root) : null);
        variables.Register("request_filename", r => Settings(r)?.Root.Map(r, r.Uri)?.Path);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        var settings = new StaticSettings
        {
            Root = DocumentRoot.Compile(scope, context),
            Index = IndexFiles.Compile(scope, context),
            Types = TypesOf(scope, context),
            Etag = scope.Get(HttpCoreDirectives.Etag, context),
            IfModifiedSince = IfModifiedSince(scope, context),
            MaxRanges = MaxRanges(scope, context),
        };
        location.Features.Set(settings);
        location.Features.Set(settings.Types); // also for the text of return and error pages (Responses)
        if (location.Kind != LocationKind.If && scope.OwnFirst(HttpCoreDirectives.TryFiles) is { } tryFiles && TryFiles.Compile(tryFiles, context) is { } handler)
            location.AccessHandlers.Add(handler);
    }

    private static StaticSettings? Settings(Http.NginxRequest request) => request.Location.Features.Get<StaticSettings>();

    private static string RealPath(string root)
    {
        try
        {
            var os = FilePath.ToOs(root);
            var info = new DirectoryInfo(os);
            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
            return Core.ByteString.FromConfig(target);
        }
        catch (IOException)
        {
            return root;
        }
    }

    /// <summary>The nearest level's <c>types</c>, compiled once per level (mime.types is large and shared by every location).</summary>
    private static MimeTypes TypesOf(DirectiveScope scope, CompileContext context)
    {
        var cache = context.Features.GetOrAdd(() => new TypesCache());
        for (var level = scope; level is not null; level = level.Parent)
        {
            if (level.OwnFirst(HttpCoreDirectives.Types) is not { } first) continue;
            if (!cache.ByFirstDirective.TryGetValue(first, out var types))
            {
                types = MimeTypes.Compile(level, MimeTypes.Builtin, context);
                cache.ByFirstDirective[first] = types;
            }
            return types;
        }
        return MimeTypes.Builtin;
    }

    private static IfModifiedSinceMode IfModifiedSince(DirectiveScope scope, CompileContext context)
    {
        if (scope.Nearest(HttpCoreDirectives.IfModifiedSince) is not { Args.Count: > 0 } directive) return IfModifiedSinceMode.Exact;
        switch (directive.Args[0].Value)
        {
            case "off": return IfModifiedSinceMode.Off;
            case "exact": return IfModifiedSinceMode.Exact;
            case "before": return IfModifiedSinceMode.Before;
            default:
                context.Error($"invalid value \"{directive.Args[0].Value}\" in \"if_modified_since\" directive, it must be \"off\", \"exact\" or \"before\"", directive.Position);
                return IfModifiedSinceMode.Exact;
        }
    }

    private static int? MaxRanges(DirectiveScope scope, CompileContext context)
    {
        if (scope.Nearest(HttpCoreDirectives.MaxRanges) is not { Args.Count: > 0 } directive) return null;
        if (int.TryParse(directive.Args[0].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
        context.Error("invalid number in \"max_ranges\" directive", directive.Position);
        return null;
    }

    private sealed class TypesCache
    {
        public Dictionary<ConfigDirective, MimeTypes> ByFirstDirective { get; } = new(ReferenceEqualityComparer.Instance);
    }
}
