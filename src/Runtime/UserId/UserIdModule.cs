using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.UserId;

/// <summary>
/// <c>ngx_http_userid_filter_module</c>'s variables. The <c>userid</c> directive is refused (visitor cookies are
/// not set yet), so every accepted config has it off, where nginx's <c>$uid_got</c> and <c>$uid_set</c> are
/// not found (ngx_http_userid_variable) and <c>$uid_reset</c> is empty until a <c>set</c> gives it a value.
/// </summary>
public sealed class UserIdModule : IHttpModule
{
    public string Name => "ngx_http_userid_filter_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("uid_got", _ => null);
        variables.Register("uid_set", _ => null);
        variables.Register("uid_reset", _ => "", settable: true);
    }
}
