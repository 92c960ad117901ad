using System.Net.Sockets;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Dynamic.LiveUpstream;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Cgi;

/// <summary>
/// The address of <c>fastcgi_pass</c>, <c>scgi_pass</c> or <c>uwsgi_pass</c> (ngx_http_fastcgi_pass and its twins):
/// an <c>upstream</c> block named without a port (or a live group), else an implicit group of <c>host:port</c> or
/// <c>unix:/path</c>; with variables, evaluated per request (ngx_http_fastcgi_eval, no scheme) and looked up as
/// proxy_pass looks up its evaluated host.
/// </summary>
public sealed class CgiPass
{
    private readonly string _scheme;
    private readonly CompiledUpstream? _upstream;
    private readonly LiveUpstreamGroup? _live;
    private readonly ComplexValue? _variables;
    private readonly UpstreamRegistry? _registry;

    private CgiPass(string scheme, CompiledUpstream? upstream, LiveUpstreamGroup? live, ComplexValue? variables, UpstreamRegistry? registry)
    {
        _scheme = scheme;
        _upstream = upstream;
        _live = live;
        _variables = variables;
        _registry = registry;
    }

    /// <param name="scheme">nginx's schema for the log lines: fastcgi, scgi, uwsgi (suwsgi).</param>
    public static CgiPass? Compile(string address, SourcePosition at, CompileContext context, string scheme)
    {
        var registry = context.Features.Get<UpstreamRegistry>();
        if (address.Contains('$')) return new CgiPass(scheme, null, null, ComplexValue.Compile(address, context, at), registry);
        var named = address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || address.Contains(':') ? null : address;
        var live = named is null ? null : context.Features.Get<Dynamic.Serving.DynamicRouting>()?.LiveUpstreams.GetValueOrDefault(named);
        if (live is not null) return new CgiPass(scheme, null, live, null, registry);
        var upstream = named is null ? null : registry?.Find(named);
        if (upstream is null && registry is not null)
        {
            var (found, error) = registry.Implicit(address, at);
            if (error is not null)
            {
                context.Error(error, at);
                return null;
            }
            upstream = found;
        }
        return new CgiPass(scheme, upstream, null, null, registry);
    }

    /// <summary>The group this request goes to, with its upstream block if it has one; no group: the status to answer (the line is logged).</summary>
    public Task<(UpstreamGroup? Group, CompiledUpstream? Upstream, int Status)> FindGroupAsync(NginxRequest request) =>
        FindGroupAsync(request, _variables?.Evaluate(request));

    /// <summary>The address with its variables evaluated for this request; null when it has none.</summary>
    public string? Evaluate(NginxRequest request) => _variables?.Evaluate(request);

    /// <summary>The same for an address the module evaluated itself (grpc_pass drops a scheme from it first); null when it has no variables.</summary>
    public async Task<(UpstreamGroup? Group, CompiledUpstream? Upstream, int Status)> FindGroupAsync(NginxRequest request, string? evaluated)
    {
        if (_live is not null)
        {
            if (_live.Current is { } current) return (current, null, 0);
            request.ErrorLog.Write(LogLevel.Error, request, "no live upstreams while connecting to upstream", $"{_scheme}://{_live.Name}");
            return (null, null, 502);
        }
        if (evaluated is null) return (_upstream?.Group, _upstream, _upstream is null ? 502 : 0);

        if (evaluated.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            if (UpstreamAddress.Parse(evaluated).Error is { } unixError)
            {
                request.LogError($"{unixError}");
                return (null, null, 500);
            }
            return (UpstreamGroup.OnUnixSocket(evaluated[5..]), null, 0);
        }
        var (compiled, group, failure) = await ProxyContentHandler.ResolveAtRequestTime(evaluated, 0, request, _registry);
        if (failure is not null)
        {
            request.LogError(failure.LogLine);
            return (null, null, failure.Status);
        }
        return (group, compiled, 0);
    }
}
