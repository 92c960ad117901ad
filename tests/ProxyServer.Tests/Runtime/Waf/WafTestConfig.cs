using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Waf.Config;

namespace ProxyServer.Tests.Runtime.Waf;

/// <summary>Builds naxsi policies from config text the way tests write it.</summary>
internal static class WafTestConfig
{
    public const string DeniedUrl = "/RequestDenied";

    /// <summary>The CheckRules naxsi's docs recommend for the core rules (notes, section 4).</summary>
    public const string CoreCheckRules = """
        CheckRule "$SQL >= 8" BLOCK;
        CheckRule "$RFI >= 8" BLOCK;
        CheckRule "$TRAVERSAL >= 5" BLOCK;
        CheckRule "$UPLOAD >= 5" BLOCK;
        CheckRule "$XSS >= 8" BLOCK;
        CheckRule "$UWA >= 8" BLOCK;
        CheckRule "$EVADE >= 8" BLOCK;
        """;

    /// <summary>
    /// The policy of <c>location /</c> holding <paramref name="locationBody"/>, with the core rules
    /// included at http level before <paramref name="httpExtra"/>.
    /// </summary>
    public static (WafPolicy Policy, IReadOnlyList<Diagnostic> Diagnostics) Location(string locationBody, string httpExtra = "")
    {
        var text = $$"""
            include {{NaxsiCoreRules.Path.Value}};
            {{httpExtra}}
            server {
                location / {
                    {{locationBody}}
                }
                location {{DeniedUrl}} { internal; return 403; }
            }
            """;
        var (config, diagnostics, http) = Compile(text);
        var location = http.Single(d => d.Name == "server").Block!.First(d => d.Name == "location");
        return (config.PolicyFor(location), diagnostics);
    }

    /// <summary>The usual protected location: core rules, recommended CheckRules, DeniedUrl.</summary>
    public static WafPolicy Protected(string extra = "", string httpExtra = "")
    {
        var (policy, diagnostics) = Location($"SecRulesEnabled; DeniedUrl \"{DeniedUrl}\"; {CoreCheckRules} {extra}", httpExtra);
        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
        return policy;
    }

    public static (NaxsiConfig Config, List<Diagnostic> Diagnostics, IReadOnlyList<ConfigDirective> Http) Compile(string httpBody)
    {
        var tree = ConfigLoader.LoadText(httpBody, "test.conf");
        var diagnostics = new List<Diagnostic>(tree.Diagnostics);
        var http = tree.Root.Directives;
        var config = NaxsiConfig.Compile(http, diagnostics);
        return (config, diagnostics, http);
    }
}
