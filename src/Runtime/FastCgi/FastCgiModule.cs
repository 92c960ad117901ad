using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
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

        if (scope.OwnFirst(FastCgiDirectives.Pass) is null && location.Kind is not (LocationKind.If or LocationKind.LimitExcept)) return;
        var settings = FastCgiSettings.Compile(scope, context);
        CgiContentHandler.Compile(location, context, FastCgiDirectives.Pass, "fastcgi", keepalive => FastCgiExchange.Protocol(settings, keepalive));
    }
}
