using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.AuthBasic;

/// <summary>
/// <c>ngx_http_auth_basic_module</c>: <c>auth_basic REALM|off</c> and <c>auth_basic_user_file
/// PATH</c> (both with variables; http, server, location, limit_except), each inherited from the
/// nearest level that sets it (ngx_conf_merge_ptr_value); both must be set for a check.
/// </summary>
public sealed class AuthBasicModule : IHttpModule
{
    public string Name => "ngx_http_auth_basic_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        if (location.Scope.Nearest("auth_basic") is not { Args.Count: 1 } realmDirective) return;
        if (location.Scope.Nearest("auth_basic_user_file") is not { Args.Count: 1 } fileDirective) return;
        var realm = ComplexValue.Compile(realmDirective.Args[0].Value, context, realmDirective.Position);
        if (realm.IsLiteral && realmDirective.Args[0].Value == "off") return;
        var userFile = ComplexValue.Compile(fileDirective.Args[0].Value, context, fileDirective.Position);
        var files = context.Features.GetOrAdd(() => new UserFileCache());
        location.AddAccessCheck(new AuthBasicCheck(realm, userFile, context.ConfigPrefix, files));
    }
}
