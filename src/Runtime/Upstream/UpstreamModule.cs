using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream.Config;
using ProxyServer.Runtime.Upstream.Retry;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// ngx_http_upstream_module: compiles the <c>upstream</c> blocks into an <see cref="UpstreamRegistry"/>
/// (published for proxy_pass) and offers the <c>$upstream_*</c> variables of the attempts a request made.
/// </summary>
public sealed class UpstreamModule : IHttpModule
{
    public string Name => "ngx_http_upstream_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("upstream_addr", r => r.Features.Get<UpstreamAttempts>()?.Addresses);
        variables.Register("upstream_status", r => r.Features.Get<UpstreamAttempts>()?.Statuses);
        variables.Register("upstream_response_time", r => r.Features.Get<UpstreamAttempts>()?.ResponseTimes);
        variables.Register("upstream_connect_time", r => r.Features.Get<UpstreamAttempts>()?.ConnectTimes);
        variables.Register("upstream_header_time", r => r.Features.Get<UpstreamAttempts>()?.HeaderTimes);
        variables.Register("upstream_response_length", r => r.Features.Get<UpstreamAttempts>()?.ResponseLengths);
        variables.Register("upstream_bytes_sent", r => r.Features.Get<UpstreamAttempts>()?.BytesSent);
        variables.Register("upstream_bytes_received", r => r.Features.Get<UpstreamAttempts>()?.BytesReceived);
        variables.RegisterPrefix("upstream_http_", name => r => UpstreamHeaders.Header(r.Features.Get<UpstreamAttempts>()?.LastResponse, name));
        variables.RegisterPrefix("upstream_trailer_", name => r => UpstreamHeaders.Trailer(r.Features.Get<UpstreamAttempts>()?.LastResponse, name));
        variables.RegisterPrefix("upstream_cookie_", name => r => UpstreamHeaders.Cookie(r.Features.Get<UpstreamAttempts>()?.LastResponse, name));
    }

    public void CompileHttp(DirectiveScope http, CompileContext context)
    {
        var registry = new UpstreamRegistry(context.ResolveHost);
        foreach (var block in http.Own(UpstreamDirectives.Upstream))
        {
            if (UpstreamBlockCompiler.IsDynamic(block)) continue; // kv_servers / "server ... resolve": the dynamic module's live groups
            var diagnostics = new List<Diagnostic>();
            if (UpstreamBlockCompiler.Compile(block, diagnostics, context.ResolveHost, http.Reads) is { } definition) registry.Add(definition);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Severity == Severity.Error) context.Error(diagnostic.Message, diagnostic.Position);
                else context.Warning(diagnostic.Message, diagnostic.Position);
            }
        }
        context.Features.Set(registry);
    }

    public void CompleteHttp(CompileContext context)
    {
        if (context.Features.Get<UpstreamRegistry>() is not { } registry) return;
        foreach (var upstream in registry.All)
            if (upstream.Definition.Method.Key is { } key)
                upstream.HashKey = ComplexValue.Compile(key, context, upstream.Definition.Position);
    }
}
