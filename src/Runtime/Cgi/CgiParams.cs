using ProxyServer.NginxConf.Directives;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Cgi;

/// <summary>
/// <c>fastcgi_param</c>, <c>scgi_param</c>, <c>uwsgi_param</c> as nginx builds and sends them
/// (<c>ngx_http_fastcgi_init_params</c> and <c>_create_request</c>, the same in the scgi and uwsgi modules): the
/// list of the nearest level that has any, each value evaluated per request, an <c>if_not_empty</c> one left out
/// when empty; then, with <c>*_pass_request_headers on</c>, every client header as <c>HTTP_NAME</c> (upper case,
/// <c>-</c> as <c>_</c>) unless a param named <c>HTTP_NAME</c> is set (a param written with an empty value
/// still keeps the header out, and is itself not sent).
/// </summary>
public sealed class CgiParams
{
    private readonly Param[] _params;

    /// <summary>Header names a <c>HTTP_*</c> param replaces, in nginx's lookup form: lower case, <c>-</c> as <c>_</c>.</summary>
    private readonly HashSet<string> _replacedHeaders;

    private CgiParams(Param[] parameters, HashSet<string> replacedHeaders)
    {
        _params = parameters;
        _replacedHeaders = replacedHeaders;
    }

    /// <summary>No params and no headers replaced (memcached sends none).</summary>
    public static CgiParams None { get; } = new([], new HashSet<string>(StringComparer.Ordinal));

    /// <summary>
    /// ngx_http_fastcgi_cache_headers and its twins: with <c>*_cache</c> set, the conditional and range headers a
    /// cached request must not pass (its own validators go instead while an expired entry is revalidated), each
    /// added as if_not_empty unless the location's params name it.
    /// </summary>
    private static readonly (string Name, string Value)[] CacheHeaders =
    [
        ("HTTP_IF_MODIFIED_SINCE", "$upstream_cache_last_modified"),
        ("HTTP_IF_UNMODIFIED_SINCE", ""),
        ("HTTP_IF_NONE_MATCH", "$upstream_cache_etag"),
        ("HTTP_IF_MATCH", ""),
        ("HTTP_RANGE", ""),
        ("HTTP_IF_RANGE", ""),
    ];

    /// <param name="cached">The location caches (<c>*_cache</c>): <see cref="CacheHeaders"/> are added.</param>
    public static CgiParams Compile(DirectiveScope scope, DirectiveKey key, CompileContext context, bool cached = false)
    {
        var parameters = new List<Param>();
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        var directives = scope.NearestAll(key);
        foreach (var directive in directives)
        {
            if (directive.Args.Count is not (2 or 3)) continue;
            var name = directive.Args[0].Value;
            named.Add(name);
            Add(name, directive.Args[1].Value, directive.Args.Count == 3, directive.Position);
        }
        if (cached)
        {
            var at = directives.Count > 0 ? directives[0].Position : default;
            foreach (var (name, value) in CacheHeaders)
                if (named.Add(name)) Add(name, value, ifNotEmpty: true, at);
        }
        return new CgiParams(parameters.ToArray(), replaced);

        void Add(string name, string value, bool ifNotEmpty, NginxConf.Syntax.SourcePosition at)
        {
            if (name.Length > 5 && name.StartsWith("HTTP_", StringComparison.Ordinal))
            {
                replaced.Add(name[5..].ToLowerInvariant());
                if (value.Length == 0) return;
            }
            parameters.Add(new Param(name, ComplexValue.Compile(value, context, at), ifNotEmpty));
        }
    }

    /// <summary>The name/value pairs of one request, in nginx's order: the params, then the client's headers.</summary>
    public List<KeyValuePair<string, string>> Evaluate(NginxRequest request, bool passRequestHeaders)
    {
        var pairs = new List<KeyValuePair<string, string>>(_params.Length + 16);
        foreach (var param in _params)
        {
            var value = param.Value.Evaluate(request);
            if (param.IfNotEmpty && value.Length == 0) continue;
            pairs.Add(new(param.Name, value));
        }
        if (!passRequestHeaders) return pairs;
        foreach (var (name, values) in request.Http.Request.Headers)
        {
            if (_replacedHeaders.Count > 0 && _replacedHeaders.Contains(LookupForm(name))) continue;
            var key = HeaderParam(name);
            foreach (var value in values) pairs.Add(new(key, value ?? ""));
        }
        return pairs;
    }

    private static string LookupForm(string header) => string.Create(header.Length, header, static (span, h) =>
    {
        for (var i = 0; i < h.Length; i++) span[i] = h[i] == '-' ? '_' : char.ToLowerInvariant(h[i]);
    });

    private static string HeaderParam(string header) => string.Create(header.Length + 5, header, static (span, h) =>
    {
        "HTTP_".CopyTo(span);
        for (var i = 0; i < h.Length; i++) span[i + 5] = h[i] == '-' ? '_' : char.ToUpperInvariant(h[i]);
    });

    private sealed record Param(string Name, ComplexValue Value, bool IfNotEmpty);
}
