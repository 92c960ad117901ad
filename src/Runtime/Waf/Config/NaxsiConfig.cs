using ProxyServer.NginxConf.Naxsi;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Waf.Config;

/// <summary>
/// naxsi's configuration of one http block: a merged <see cref="WafPolicy"/> for every server and
/// location block (looked up by the block's directive node), built after the whole block was read
/// because MainRules apply everywhere wherever they appear.
/// </summary>
public sealed class NaxsiConfig
{
    private readonly Dictionary<ConfigDirective, WafPolicy> _policies;

    public WafPolicy Http { get; }

    private NaxsiConfig(WafPolicy http, Dictionary<ConfigDirective, WafPolicy> policies)
    {
        Http = http;
        _policies = policies;
    }

    /// <summary>The policy of a <c>server</c> or <c>location</c> block of this http block.</summary>
    public WafPolicy PolicyFor(ConfigDirective block) => _policies.TryGetValue(block, out var policy) ? policy : Http;

    /// <summary>The policy of exactly that <c>server</c> or <c>location</c> block, if it is one of this http block's.</summary>
    public bool TryGetPolicy(ConfigDirective block, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out WafPolicy policy) =>
        _policies.TryGetValue(block, out policy);

    /// <summary>True when some context enables naxsi (so a request pipeline needs to buffer bodies).</summary>
    public bool AnyEnabled => Http.Enabled || _policies.Values.Any(p => p.Enabled);

    public static NaxsiConfig Compile(IEnumerable<ConfigDirective> httpBlock, ICollection<Diagnostic> diagnostics, DirectiveReads? reads = null)
    {
        var globals = new NaxsiGlobals();
        var scopes = new List<(ConfigDirective Block, NaxsiScope Scope)>();
        var http = ReadBlock(httpBlock, null, globals, isHttp: true, scopes, diagnostics, reads ?? new DirectiveReads());

        var policies = new Dictionary<ConfigDirective, WafPolicy>(ReferenceEqualityComparer.Instance);
        var reportedMissingDeniedUrl = false;
        foreach (var (block, scope) in scopes)
        {
            if (scope.Enabled == true && scope.DeniedUrl is null && !reportedMissingDeniedUrl)
            {
                // naxsi refuses the whole configuration, once, with this exact text.
                diagnostics.Add(Diagnostic.Error("Missing DeniedURL, abort.", block.Position));
                reportedMissingDeniedUrl = true;
            }
            policies[block] = scope.ToPolicy(globals);
        }
        return new NaxsiConfig(http.ToPolicy(globals), policies);
    }

    private static NaxsiScope ReadBlock(
        IEnumerable<ConfigDirective> statements,
        NaxsiScope? outer,
        NaxsiGlobals globals,
        bool isHttp,
        List<(ConfigDirective, NaxsiScope)> scopes,
        ICollection<Diagnostic> diagnostics,
        DirectiveReads reads)
    {
        var own = new NaxsiScope();
        var children = new List<ConfigDirective>();
        foreach (var directive in ConfigTree.Expand(statements))
        {
            if (own.Read(directive, globals, isHttp, diagnostics, reads)) continue;
            if (directive.Block is not null && (HttpCoreDirectives.Server.Names(directive) || HttpCoreDirectives.Location.Names(directive))) children.Add(directive);
        }
        var merged = outer is null ? own : own.InheritFrom(outer);
        foreach (var child in children)
        {
            var scope = ReadBlock(child.Block!, merged, globals, isHttp: false, scopes, diagnostics, reads);
            scopes.Add((child, scope));
        }
        return merged;
    }
}
