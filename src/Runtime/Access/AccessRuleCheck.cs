using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Access;

/// <summary>
/// <c>allow</c>/<c>deny</c> in the access phase (ngx_http_access_handler, ngx_http_access_found):
/// the first matching rule allows (NGX_OK) or denies with 403; no matching rule has no say.
/// Under <c>satisfy all</c> a denial is logged here; under <c>any</c> the phase logs it at the end,
/// only if nothing else granted access.
/// </summary>
public sealed class AccessRuleCheck(AccessRules rules) : IAccessCheck
{
    public ValueTask<int> CheckAsync(NginxRequest request)
    {
        switch (rules.Denies(request.Client.Ip))
        {
            case null:
                return ValueTask.FromResult(Outcome.Continue);
            case false:
                return ValueTask.FromResult(Outcome.Allowed);
            default:
                if (!request.Location.Core.SatisfyAny) request.LogError("access forbidden by rule");
                return ValueTask.FromResult(403);
        }
    }
}
