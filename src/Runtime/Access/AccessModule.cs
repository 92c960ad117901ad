using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Access;

/// <summary>
/// <c>ngx_http_access_module</c>: <c>allow</c> and <c>deny</c> (http, server, location,
/// limit_except). The two directives form one list, inherited as nginx merges it
/// (ngx_http_access_merge_loc_conf): a level with any rule replaces every inherited one.
/// </summary>
public sealed class AccessModule : IHttpModule
{
    public string Name => "ngx_http_access_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        for (var level = location.Scope; level is not null; level = level.Parent)
        {
            if (level.OwnFirst("allow") is null && level.OwnFirst("deny") is null) continue;
            // Compiled once per level: every location below an http-level list shares it.
            var compiled = context.Features.GetOrAdd(() => new CompiledAccessRules());
            if (!compiled.ByLevel.TryGetValue(level, out var rules))
            {
                rules = AccessRules.Compile(level.Statements.Where(d => d.Name is "allow" or "deny"));
                compiled.ByLevel.Add(level, rules);
            }
            location.AddAccessCheck(new AccessRuleCheck(rules));
            return;
        }
    }

    /// <summary>The rule lists compiled so far in this compile, by the level that declares them.</summary>
    private sealed class CompiledAccessRules
    {
        public Dictionary<DirectiveScope, AccessRules> ByLevel { get; } = new(ReferenceEqualityComparer.Instance);
    }
}
