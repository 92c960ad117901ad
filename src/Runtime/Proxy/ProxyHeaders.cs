using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// <c>proxy_set_header</c> as nginx applies it: the list of the nearest level that has any (a level
/// that sets one header inherits none), each value evaluated per request, an empty value meaning the
/// header is not sent at all. Without an explicit entry nginx also drops the client's
/// <c>Keep-Alive</c>, <c>TE</c>, <c>Expect</c> and <c>Upgrade</c>, and sends <c>Host: $proxy_host</c>.
/// </summary>
public sealed class ProxyHeaders(IReadOnlyList<(string Name, ComplexValue Value)> headers)
{
    private static readonly string[] DroppedByDefault = ["Keep-Alive", "TE", "Expect", "Upgrade"];

    /// <summary>The rules as an array: a foreach over it allocates nothing per request (over the interface it would).</summary>
    private readonly (string Name, ComplexValue Value)[] _headers = [.. headers];

    /// <summary>The default-dropped headers this list does not set itself (decided once, not per request).</summary>
    private readonly string[] _dropped = DroppedByDefault
        .Where(name => !headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))).ToArray();

    public static ProxyHeaders None { get; } = new([]);

    /// <summary>
    /// The order nginx writes its own header lines in (ngx_http_proxy_init_headers): the configured ones as
    /// written, then the defaults they do not replace (Host, Connection, Content-Length, Transfer-Encoding);
    /// the client's headers follow.
    /// </summary>
    public IReadOnlyList<string> Order { get; } = headers.Select(h => h.Name)
        .Concat(Upstream.Http1.Http1RequestWriter.DefaultOrder.Where(name => !headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))))
        .ToArray();

    /// <summary>A <c>proxy_set_header Connection</c> replaces nginx's <c>Connection: close</c> (an empty value: no header).</summary>
    public bool SetsConnection { get; } = headers.Any(h => string.Equals(h.Name, "Connection", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the upstream request asks to switch protocols: only <c>proxy_set_header Upgrade</c> with a value
    /// puts an Upgrade header there, and only a <c>proxy_set_header Connection</c> naming <c>upgrade</c> replaces
    /// nginx's <c>Connection: close</c>; without both a backend does not switch, so neither may we.
    /// </summary>
    public bool SendsUpgrade(NginxRequest request)
    {
        string? upgrade = null, connection = null;
        foreach (var (name, template) in _headers)
        {
            if (string.Equals(name, "Upgrade", StringComparison.OrdinalIgnoreCase)) upgrade = template.Evaluate(request);
            else if (string.Equals(name, "Connection", StringComparison.OrdinalIgnoreCase)) connection = template.Evaluate(request);
        }
        return !string.IsNullOrEmpty(upgrade)
            && connection is not null && connection.Split(',').Any(t => t.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase));
    }

    public static ProxyHeaders Compile(DirectiveScope scope, CompileContext context) => Compile(scope, context, ProxyDirectives.SetHeader, []);

    /// <summary>
    /// One module's <c>*_set_header</c> list followed by its default headers the list does not name
    /// (ngx_http_proxy_init_headers, ngx_http_grpc_init_headers).
    /// </summary>
    public static ProxyHeaders Compile(DirectiveScope scope, CompileContext context, NginxConf.Directives.DirectiveKey setHeader,
        IReadOnlyList<(string Name, string Value)> defaults)
    {
        var headers = scope.NearestAll(setHeader)
            .Where(d => d.Args.Count == 2)
            .Select(d => (d.Args[0].Value, ComplexValue.Compile(d.Args[1].Value, context, d.Position)))
            .ToList();
        foreach (var (name, value) in defaults)
            if (!headers.Any(h => string.Equals(h.Item1, name, StringComparison.OrdinalIgnoreCase)))
                headers.Add((name, ComplexValue.Compile(value, context, default)));
        return new ProxyHeaders(headers);
    }

    /// <summary>Applies the rules to an outgoing request whose client headers were already copied.</summary>
    public void Apply(HttpRequestMessage proxyRequest, NginxRequest request, string proxyHost)
    {
        foreach (var name in _dropped) Remove(proxyRequest, name);
        proxyRequest.Headers.Host = proxyHost;

        foreach (var (name, template) in _headers)
        {
            var value = template.Evaluate(request);
            Remove(proxyRequest, name);
            if (value.Length == 0) continue;
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase)) proxyRequest.Headers.Host = value;
            else if (!proxyRequest.Headers.TryAddWithoutValidation(name, value))
                proxyRequest.Content?.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static void Remove(HttpRequestMessage proxyRequest, string name)
    {
        if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase)) { proxyRequest.Headers.Host = null; return; }
        // HttpHeaders.Remove throws for a name that belongs to the other collection (TE on content,
        // Content-Type on the request); TryGetValues answers false for those instead.
        if (proxyRequest.Headers.TryGetValues(name, out _)) proxyRequest.Headers.Remove(name);
        else if (proxyRequest.Content is { } content && content.Headers.TryGetValues(name, out _)) content.Headers.Remove(name);
    }
}
