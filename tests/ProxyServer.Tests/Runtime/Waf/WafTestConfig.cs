using System.Text;
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
            {{File.ReadAllText(NaxsiCoreRules.Path.Value)}}
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
        var http = MiniParser.Parse(httpBody, "test.conf");
        var diagnostics = new List<Diagnostic>();
        var config = NaxsiConfig.Compile(http, diagnostics);
        return (config, diagnostics, http);
    }

    /// <summary>
    /// A stand-in for the project's config parser until it lands on main: statements, blocks,
    /// quotes with nginx's unescaping of \" \' \\, comments; positions as file:line:col.
    /// </summary>
    private static class MiniParser
    {
        public static IReadOnlyList<ConfigDirective> Parse(string text, string file)
        {
            var pos = 0; int line = 1, col = 1;
            return Block(text, file, ref pos, ref line, ref col);
        }

        private static List<ConfigDirective> Block(string s, string file, ref int i, ref int line, ref int col)
        {
            var result = new List<ConfigDirective>();
            var words = new List<ConfigArgument>();
            while (i < s.Length)
            {
                var c = s[i];
                if (c == '\n') { i++; line++; col = 1; continue; }
                if (char.IsWhiteSpace(c)) { i++; col++; continue; }
                if (c == '#') { while (i < s.Length && s[i] != '\n') i++; continue; }
                if (c == ';' || c == '{' || c == '}')
                {
                    i++; col++;
                    if (c == '}') return result;
                    var at = words.Count > 0 ? words[0].Position : new SourcePosition(file, line, col);
                    var name = words.Count > 0 ? words[0].Value : "";
                    var args = words.Skip(1).ToArray();
                    words.Clear();
                    result.Add(new ConfigDirective(name, args, c == '{' ? Block(s, file, ref i, ref line, ref col) : null, at));
                    continue;
                }
                var start = new SourcePosition(file, line, col);
                var value = new StringBuilder();
                var raw = new StringBuilder();
                var quote = c is '"' or '\'' ? c : '\0';
                if (quote != '\0') { i++; col++; }
                while (i < s.Length)
                {
                    c = s[i];
                    if (quote == '\0' && (char.IsWhiteSpace(c) || c is ';' or '{' or '}')) break;
                    if (quote != '\0' && c == quote) { i++; col++; break; }
                    if (c == '\\' && i + 1 < s.Length)
                    {
                        var next = s[i + 1];
                        value.Append(next is '"' or '\'' or '\\' ? next.ToString() : "\\" + next);
                        raw.Append(c).Append(next);
                        i += 2; col += 2;
                        continue;
                    }
                    if (c == '\n') { line++; col = 0; }
                    value.Append(c); raw.Append(c); i++; col++;
                }
                words.Add(new ConfigArgument(value.ToString(), raw.ToString(),
                    quote == '"' ? QuoteKind.Double : quote == '\'' ? QuoteKind.Single : QuoteKind.None, start));
            }
            return result;
        }
    }
}
