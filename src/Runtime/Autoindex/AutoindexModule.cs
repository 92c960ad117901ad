using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Static;

namespace ProxyServer.Runtime.Autoindex;

/// <summary>
/// ngx_http_autoindex_module: <c>autoindex on</c> makes a directory URI the index module found no index file
/// for answer with a listing (<c>autoindex_format html|xml|json|jsonp</c>, <c>autoindex_exact_size</c>,
/// <c>autoindex_localtime</c>) instead of 403. nginx puts its handler between the index and static handlers of
/// the content phase; here the static content handler asks the location's <see cref="StaticSettings.DirectoryListing"/>.
/// </summary>
public sealed class AutoindexModule : IHttpModule
{
    public string Name => "ngx_http_autoindex_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        var format = scope.Get(AutoindexDirectives.Format, context) switch
        {
            "xml" => ListingFormat.Xml,
            "json" => ListingFormat.Json,
            "jsonp" => ListingFormat.Jsonp,
            _ => ListingFormat.Html,
        };
        var exactSize = scope.Get(AutoindexDirectives.ExactSize, context);
        var localtime = scope.Get(AutoindexDirectives.Localtime, context);
        if (!scope.Get(AutoindexDirectives.Autoindex, context)) return;
        if (location.Features.Get<StaticSettings>() is not { } settings) return;
        location.Features.Set(settings with { DirectoryListing = new DirectoryListingHandler(format, exactSize, localtime) });
    }
}
