namespace ProxyServer.Runtime.Locations;

/// <summary>
/// <c>limit_except METHOD ... { ... }</c> (ngx_http_core_limit_except): the methods listed keep the
/// location (GET implies HEAD); any other method, an unknown one included, is served by
/// <see cref="Config"/>, the block compiled as a location nested in this one.
/// </summary>
public sealed class MethodLimit(IReadOnlySet<string> allowed, LocationConfig config)
{
    /// <summary>The methods nginx's limit_except knows (ngx_methods_names); request methods match case-sensitively, as nginx's parser reads them.</summary>
    public static readonly IReadOnlySet<string> KnownMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "DELETE", "MKCOL", "COPY", "MOVE", "OPTIONS", "PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "PATCH",
    };

    public LocationConfig Config { get; } = config;

    public bool Allows(string method) => allowed.Contains(method);
}
