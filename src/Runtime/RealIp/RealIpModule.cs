using System.Net.Sockets;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.RealIp;

/// <summary>
/// ngx_http_realip_module: <c>set_real_ip_from</c>, <c>real_ip_header</c>, <c>real_ip_recursive</c>. nginx runs
/// its handler twice: in the post-read phase with the server's settings (<see cref="RealIpServerCheck"/>,
/// before the server's rewrites) and in the preaccess phase with the location's (the first of the
/// location's preaccess handlers, before limit_req and limit_conn); whichever first finds a trusted proxy sets the client for the request.
/// </summary>
public sealed class RealIpModule : IHttpModule
{
    public string Name => "ngx_http_realip_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        // ngx_http_realip_remote_addr_variable / _port_variable: the connection's address before realip.
        variables.Register("realip_remote_addr", r => (r.Features.Get<RealIpOriginal>()?.Client ?? r.Client).Text);
        variables.Register("realip_remote_port", r => (r.Features.Get<RealIpOriginal>()?.Client ?? r.Client).PortText);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        var from = scope.NearestAll(RealIpDirectives.SetRealIpFrom);
        if (from.Count == 0) return;
        var header = scope.Get(RealIpDirectives.RealIpHeader, context);
        var source = header switch
        {
            "X-Real-IP" => RealIpSource.XRealIp,
            "X-Forwarded-For" => RealIpSource.XForwardedFor,
            "proxy_protocol" => RealIpSource.ProxyProtocol,
            _ => RealIpSource.Header,
        };
        // Compiled once per level that lists them (a host name is looked up once), shared below it.
        var compiled = context.Features.GetOrAdd(() => new CompiledProxies());
        if (!compiled.ByFirst.TryGetValue(from[0], out var proxies)) compiled.ByFirst.Add(from[0], proxies = Proxies(from, context));
        var settings = new RealIpSettings(proxies, source, header, scope.Get(RealIpDirectives.RealIpRecursive, context));
        location.Features.Set(settings);
        location.PreAccessHandlers.Add(new RealIpPreAccess(settings));
    }

    /// <summary>The trusted proxies compiled so far in this compile, by the first statement of their level.</summary>
    private sealed class CompiledProxies
    {
        public Dictionary<NginxConf.Syntax.ConfigDirective, TrustedProxies> ByFirst { get; } = new(ReferenceEqualityComparer.Instance);
    }

    /// <summary>ngx_http_realip_from for each statement: <c>unix:</c>, a CIDR block, else a host name's addresses.</summary>
    private static TrustedProxies Proxies(IReadOnlyList<NginxConf.Syntax.ConfigDirective> statements, CompileContext context)
    {
        var blocks = new List<NginxCidr>();
        var unix = false;
        foreach (var statement in statements)
        {
            if (statement.Args.Count != 1) continue;
            var text = statement.Args[0].Value;
            if (text == "unix:")
            {
                unix = true;
                continue;
            }
            if (NginxCidr.Parse(text) is { Ok: true, Value: var block })
            {
                blocks.Add(block!);
                continue;
            }
            System.Net.IPAddress[] addresses;
            try
            {
                addresses = context.ResolveHost(text);
            }
            catch (SocketException)
            {
                context.Error($"host not found in set_real_ip_from \"{text}\"", statement.Position);
                continue;
            }
            foreach (var address in addresses)
            {
                var bytes = address.GetAddressBytes();
                blocks.Add(new NginxCidr(address.AddressFamily, bytes, Enumerable.Repeat((byte)0xff, bytes.Length).ToArray(), false));
            }
        }
        return new TrustedProxies(blocks, unix);
    }
}

/// <summary>realip in nginx's preaccess phase, with the location's settings.</summary>
public sealed class RealIpPreAccess(RealIpSettings settings) : IAccessHandler
{
    public ValueTask<int> CheckAsync(NginxRequest request)
    {
        settings.Apply(request);
        return ValueTask.FromResult(Outcome.Continue);
    }
}

/// <summary>realip in nginx's post-read phase, with the settings of the server the Host chose.</summary>
public sealed class RealIpServerCheck : IServerRequestCheck
{
    public int Check(NginxRequest request)
    {
        request.Server.Root.Features.Get<RealIpSettings>()?.Apply(request);
        return 0;
    }
}
