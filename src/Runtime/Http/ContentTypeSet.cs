using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// The response types a filter acts on (<c>gzip_types</c>, <c>sub_filter_types</c>, <c>charset_types</c>):
/// ngx_http_types_slot keeps the listed types plus the module's defaults (<c>text/html</c> is always there),
/// <c>*</c> takes any response, even one without a type; ngx_http_test_content_type compares the type
/// without its parameters, lower-cased.
/// </summary>
public sealed class ContentTypeSet
{
    private readonly HashSet<string>? _types;

    private ContentTypeSet(HashSet<string>? types) => _types = types;

    /// <summary>The types of the nearest level that lists them (<paramref name="statement"/>), else <paramref name="defaults"/>.</summary>
    public static ContentTypeSet From(ConfigDirective? statement, params string[] defaults)
    {
        if (statement is not null && statement.Args.Any(a => a.Value == "*")) return new ContentTypeSet(null);
        var types = new HashSet<string>(defaults, StringComparer.Ordinal);
        if (statement is not null)
            foreach (var arg in statement.Args) types.Add(arg.Value.ToLowerInvariant());
        return new ContentTypeSet(types);
    }

    /// <summary>True when the response's Content-Type is one of the set.</summary>
    public bool Matches(string? contentType)
    {
        if (_types is null) return true;
        if (string.IsNullOrEmpty(contentType)) return false;
        var end = contentType.IndexOf(';');
        var type = (end < 0 ? contentType : contentType[..end]).TrimEnd(' ');
        return _types.Contains(type.ToLowerInvariant());
    }
}
