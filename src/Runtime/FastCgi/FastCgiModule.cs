using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>
/// ngx_http_fastcgi_module: <c>fastcgi_pass</c> (an address, <c>unix:</c> socket, upstream group or variables)
/// becomes the location's content handler, speaking FastCGI through the one upstream core
/// (<see cref="ProxyAttemptLoop"/>); <c>$fastcgi_script_name</c> and <c>$fastcgi_path_info</c> come from the
/// location's <c>fastcgi_split_path_info</c> and <c>fastcgi_index</c>.
/// </summary>
public sealed class FastCgiModule : IHttpModule
{
    public string Name => "ngx_http_fastcgi_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("fastcgi_script_name", r => ScriptNameOf(r).ScriptName(r));
        variables.Register("fastcgi_path_info", r => ScriptNameOf(r).PathInfo(r));
    }

    private static FastCgiScriptName ScriptNameOf(Http.NginxRequest request) =>
        request.Location.Features.Get<FastCgiScriptName>() ?? FastCgiScriptName.Default;

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        var split = scope.Nearest(FastCgiDirectives.SplitPathInfo);
        var index = scope.Get(FastCgiDirectives.Index, context);
        if (split is { Args.Count: 1 } || index.Length > 0)
        {
            var regex = split is { Args.Count: 1 } ? NginxRegex.Compile(split.Args[0].Value, caseless: false, context, split.Position) : null;
            location.Features.Set(new FastCgiScriptName(regex, index));
        }

        var directive = ProxyModule.PassOf(location, FastCgiDirectives.Pass);
        if (directive is not { Args.Count: 1 }) return;
        var settings = FastCgiSettings.Compile(scope, context);
        var address = directive.Args[0].Value;
        location.Content = CgiPass.Compile(address, directive.Position, context, "fastcgi") is { } target
            ? new FastCgiContentHandler(target, settings)
            : null;
        if (location.Kind is LocationKind.Prefix or LocationKind.PrefixNoRegex or LocationKind.Exact && location.Name.EndsWith('/'))
            location.AutoRedirect = true;
    }
}

/// <summary>fastcgi_pass: the group found at compile time, or per request from the evaluated address, through the one attempt loop.</summary>
public sealed class FastCgiContentHandler(CgiPass target, FastCgiSettings settings) : IContentHandler
{
    public async Task<int> HandleAsync(Http.NginxRequest request)
    {
        if (await Http.RequestBody.ReadAsync(request) is > 0 and var bodyStatus) return bodyStatus;
        var (group, upstream, status) = await target.FindGroupAsync(request);
        if (group is null) return status;
        var protocol = new FastCgiProtocol(settings, upstream?.Keepalive);
        return await new ProxyAttemptLoop(request, protocol, "", group, upstream?.HashKey?.Evaluate(request), upstream?.Keepalive).RunAsync();
    }
}
