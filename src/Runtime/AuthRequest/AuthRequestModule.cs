using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Rewrite;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.AuthRequest;

/// <summary>
/// <c>ngx_http_auth_request_module</c>: <c>auth_request URI|off</c> (the nearest level's, as
/// ngx_conf_merge_str_value) adds an <see cref="AuthRequestCheck"/> to the access phase after allow/deny and
/// auth_basic; <c>auth_request_set $variable value</c> (the nearest level's list, as ngx_conf_merge_ptr_value)
/// declares the variable as <c>set</c> does, and its value is evaluated in the subrequest once it is done.
/// </summary>
public sealed class AuthRequestModule : IHttpModule
{
    public string Name => "ngx_http_auth_request_module";

    /// <summary>Each <c>auth_request_set</c> compiled once, whichever locations inherit it.</summary>
    private sealed class CompiledSets
    {
        public Dictionary<ConfigDirective, AuthRequestVariable?> ByDirective { get; } = new(ReferenceEqualityComparer.Instance);
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var compiled = context.Features.GetOrAdd(() => new CompiledSets());
        var variables = new List<AuthRequestVariable>();
        foreach (var directive in location.Scope.NearestAll(AuthRequestDirectives.Set))
        {
            if (!compiled.ByDirective.TryGetValue(directive, out var variable))
                compiled.ByDirective[directive] = variable = CompileSet(directive, context);
            if (variable is not null) variables.Add(variable);
        }
        if (location.Scope.Nearest(AuthRequestDirectives.AuthRequest) is not { Args.Count: 1 } auth || auth.Args[0].Value == "off") return;
        location.AddAccessCheck(new AuthRequestCheck(auth.Args[0].Value, variables));
    }

    /// <summary>ngx_http_auth_request_set: the variable as <c>set</c> takes it (a built-in it may change through its setter).</summary>
    private static AuthRequestVariable? CompileSet(ConfigDirective directive, CompileContext context)
    {
        if (directive.Args.Count != 2 || BuiltInAssignments.Target(directive, context) is not { } target) return null;
        return new AuthRequestVariable(target, ComplexValue.Compile(directive.Args[1].Value, context, directive.Position));
    }
}

/// <summary>One <c>auth_request_set</c>: where the value goes in the client's request, and the value as evaluated in the subrequest.</summary>
public sealed record AuthRequestVariable(Action<NginxRequest, string> Assign, ComplexValue Value);
