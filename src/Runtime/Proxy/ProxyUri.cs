using System.Text;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// nginx's upstream URI: the request URI as received when nothing changed it and proxy_pass has
/// no URI part; otherwise the URI part replacing the matched location prefix, then the
/// (escaped) rest of <c>$uri</c> and the arguments; with variables, the URI part as evaluated.
/// </summary>
public static class ProxyUri
{
    public static string Build(NginxRequest request, ProxyPassTarget resolved, bool dynamic, LocationKind kind, string locationName)
    {
        if (dynamic && resolved.Uri is not null) return resolved.Uri;
        if (resolved.Uri is null && !request.IsInternal && !request.UriRewritten) return Unparsed(request);
        // After "rewrite ... break" nginx drops the URI part and passes the whole changed URI.
        var prefix = request.ValidLocation ? resolved.Uri ?? "" : "";
        var cut = resolved.Uri is not null && request.ValidLocation && kind is LocationKind.Prefix or LocationKind.PrefixNoRegex or LocationKind.Exact
            && request.Uri.StartsWith(locationName, StringComparison.Ordinal) ? locationName.Length : 0;
        var builder = new StringBuilder(prefix);
        builder.Append(UriEscaping.EscapeUri(request.Uri[cut..]));
        if (request.Args.Length > 0) builder.Append('?').Append(request.Args);
        return builder.ToString();
    }

    /// <summary>
    /// The URI of a request passed on whole (grpc_pass; proxy_pass without a URI part): as received while nothing
    /// changed it (nginx's <c>r->valid_unparsed_uri</c>), else the escaped <c>$uri</c> and the arguments.
    /// </summary>
    public static string Whole(NginxRequest request)
    {
        if (!request.IsInternal && !request.UriRewritten) return Unparsed(request);
        var escaped = UriEscaping.EscapeUri(request.Uri);
        return request.Args.Length > 0 ? escaped + "?" + request.Args : escaped;
    }

    private static string Unparsed(NginxRequest request) =>
        request.RequestUri.StartsWith('/') ? request.RequestUri : AbsoluteFormPath(request.RequestUri);

    private static string AbsoluteFormPath(string target)
    {
        var start = target.IndexOf("//", StringComparison.Ordinal) + 2;
        var slash = target.IndexOf('/', start);
        return slash < 0 ? "/" : target[slash..];
    }
}
