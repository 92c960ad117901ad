using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// ngx_http_proxy_module, minimal: <c>proxy_pass http://host:port[/uri]</c> (or with variables)
/// becomes the location's content handler forwarding through YARP. <c>if</c> blocks inherit the
/// enclosing location's proxy_pass, as nginx lets "noname" locations inherit it.
/// </summary>
public sealed class ProxyModule : IHttpModule
{
    public string Name => "ngx_http_proxy_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("proxy_host", r => r.Features.Get<ProxyRequestState>()?.ProxyHost);
        variables.Register("proxy_port", r => r.Features.Get<ProxyRequestState>()?.ProxyPort);
        variables.Register("proxy_add_x_forwarded_for", r =>
        {
            var remote = r.Client.Text;
            var existing = r.Http.Request.Headers["X-Forwarded-For"];
            return existing.Count == 0 ? remote : string.Join(", ", existing!) + ", " + remote;
        });
        // The two nginx's own request template reads (ngx_http_proxy_internal_body_length_variable): the length
        // of the body sent upstream, known once proxying began; the body always goes with its length (read whole
        // first), so never "chunked".
        variables.Register("proxy_internal_body_length", r =>
            r.Features.Get<ProxyRequestState>() is not null && r.Http.Request.ContentLength is { } length ? length.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        variables.Register("proxy_internal_chunked", _ => null);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var directive = PassOf(location, ProxyDirectives.Pass);
        if (directive is null) return;
        if (directive.Args.Count != 1)
        {
            context.Error("invalid number of arguments in \"proxy_pass\" directive", directive.Position);
            return;
        }
        var url = directive.Args[0].Value;
        // One parser for check and run: nginx's ngx_http_proxy_pass and its error text.
        var parsed = ProxyPassTarget.Parse(url);
        if (parsed.Value is not { } target)
        {
            context.Error(parsed.Error!, directive.Position);
            return;
        }
        var variables = target.HasVariables ? ComplexValue.Compile(url, context, directive.Position) : null;
        if (target.Uri is not null && location.Kind is LocationKind.Regex or LocationKind.RegexCaseless or LocationKind.Named)
        {
            context.Error("\"proxy_pass\" cannot have URI part in location given by regular expression, or inside named location, or inside \"if\" statement, or inside \"limit_except\" block", directive.Position);
            return;
        }
        var settings = ProxySettings.Compile(location.Scope, context);
        var registry = context.Features.Get<UpstreamRegistry>();
        CompiledUpstream? upstream = null;
        // an upstream block (or a live group) answers to a name written without a port
        var named = target.Address is { IsUnix: false, Port: null } address ? address.Host : null;
        var live = named is null ? null : context.Features.Get<Dynamic.Serving.DynamicRouting>()?.LiveUpstreams.GetValueOrDefault(named);
        if (!target.HasVariables && live is null)
        {
            // an upstream block of that name when no port is written, else an implicit group of the host's addresses
            upstream = named is null ? null : registry?.Find(named);
            if (upstream is null && registry is not null)
            {
                var (found, error) = registry.Implicit(target.Authority, directive.Position);
                if (error is not null)
                {
                    context.Error(error, directive.Position);
                    return;
                }
                upstream = found;
            }
        }
        // An if or limit_except block proxies as the location it is in: nginx gives those "noname" blocks their
        // location's name (ngx_http_rewrite_if, ngx_http_core_limit_except), whose prefix the URI part replaces.
        var proxied = location;
        while (proxied.Kind is LocationKind.If or LocationKind.LimitExcept && proxied.Enclosing is { } enclosing) proxied = enclosing;
        location.Content = new ProxyContentHandler(target, variables, proxied.Kind, proxied.Name, settings, upstream, registry, live);
        if (location.Kind is LocationKind.Prefix or LocationKind.PrefixNoRegex or LocationKind.Exact && location.Name.EndsWith('/'))
            location.AutoRedirect = true;
    }

    /// <summary>
    /// A location's <c>*_pass</c>: its own, or for an <c>if</c> or <c>limit_except</c> block the enclosing
    /// location's (nginx merges it into those "noname" locations).
    /// </summary>
    public static NginxConf.Syntax.ConfigDirective? PassOf(LocationBuilder location, NginxConf.Directives.DirectiveKey pass) =>
        location.Kind is LocationKind.If or LocationKind.LimitExcept ? NearestWithinLocation(location.Scope, pass) : location.Scope.OwnFirst(pass);

    private static NginxConf.Syntax.ConfigDirective? NearestWithinLocation(DirectiveScope scope, NginxConf.Directives.DirectiveKey pass)
    {
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (s.OwnFirst(pass) is { } found) return found;
            if (s.Kind is not (ScopeKind.If or ScopeKind.LimitExcept)) return null;
        }
        return null;
    }
}
