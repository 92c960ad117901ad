using Microsoft.AspNetCore.Http;
using LocationMatch = ProxyServer.NginxConf.Directives.Values.LocationMatch;
using LocationPattern = ProxyServer.NginxConf.Directives.Values.LocationPattern;
using ProxyPassTarget = ProxyServer.NginxConf.Directives.Values.ProxyPassTarget;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// <c>proxy_redirect</c>: rewrites the upstream's <c>Location</c>, and the URL after <c>url=</c> in its
/// <c>Refresh</c>, with the first rule that matches. A prefix rule swaps a matching prefix (both sides may
/// hold variables); a regex rule (<c>~</c>, <c>~*</c>) replaces the whole URL, its captures usable in the
/// replacement. A rewritten Location that starts with <c>/</c> is then made absolute as nginx's header
/// filter does; one left alone is sent as the upstream wrote it.
/// </summary>
public sealed class ProxyRedirects(IReadOnlyList<ProxyRedirects.Rule> rules)
{
    public abstract class Rule
    {
        /// <summary>The rewritten URL (the part of the header from <paramref name="start"/>), or null when the rule does not match.</summary>
        public abstract string? Rewrite(NginxRequest request, string header, int start);
    }

    private sealed class PrefixRule(ComplexValue pattern, ComplexValue replacement) : Rule
    {
        public override string? Rewrite(NginxRequest request, string header, int start)
        {
            var prefix = pattern.Evaluate(request);
            if (!header.AsSpan(start).StartsWith(prefix, StringComparison.Ordinal)) return null;
            return replacement.Evaluate(request) + header[(start + prefix.Length)..];
        }
    }

    private sealed class RegexRule(NginxRegex regex, ComplexValue replacement) : Rule
    {
        public override string? Rewrite(NginxRequest request, string header, int start)
        {
            try
            {
                return regex.Match(request, header[start..]) ? replacement.Evaluate(request) : null;
            }
            catch (RegexMatchLimitException)
            {
                // ngx_http_proxy_rewrite_regex_handler: anything but NGX_OK declines, and the next rule is tried.
                return null;
            }
        }
    }

    public void Apply(NginxRequest request, IHeaderDictionary headers)
    {
        var location = headers.Location;
        if (location.Count > 0)
        {
            var values = location.ToArray();
            for (var i = 0; i < values.Length; i++)
                if (values[i] is { } value && Rewrite(request, value, 0) is { } rewritten)
                    values[i] = Responses.AbsoluteLocation(request, rewritten);
            headers.Location = values;
        }
        if (headers.TryGetValue("Refresh", out var refresh))
        {
            var values = refresh.ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is not { } value) continue;
                var url = value.IndexOf("url=", StringComparison.OrdinalIgnoreCase);
                if (url >= 0 && Rewrite(request, value, url + 4) is { } rewritten) values[i] = value[..(url + 4)] + rewritten;
            }
            headers["Refresh"] = values;
        }
    }

    private string? Rewrite(NginxRequest request, string header, int start)
    {
        foreach (var rule in rules)
            if (rule.Rewrite(request, header, start) is { } rewritten) return rewritten;
        return null;
    }

    /// <summary>
    /// The rules in effect for a location, merged level by level as nginx merges them (http, server, the
    /// locations): a level's own list, else its parent's, else, where the level has a literal proxy_pass,
    /// the default rule; <c>off</c> at a level clears everything below it that sets nothing. Null: no rewriting.
    /// </summary>
    public static ProxyRedirects? Compile(DirectiveScope scope, CompileContext context)
    {
        var levels = new List<DirectiveScope>();
        for (var s = scope; s is not null; s = s.Parent) levels.Add(s);
        levels.Reverse();

        var on = true;
        IReadOnlyList<Rule>? merged = null;
        foreach (var level in levels)
        {
            var own = level.Own("proxy_redirect").Where(d => d.Args.Count is 1 or 2).ToList();
            if (own.Any(d => d.Args.Count == 1 && d.Args[0].Value == "off"))
            {
                (on, merged) = (false, null);
                continue;
            }
            if (own.Count > 0)
            {
                on = true;
                merged = own.Select(d => CompileRule(d, level, context)).OfType<Rule>().ToList();
                continue;
            }
            if (on) merged ??= DefaultRule(level, context) is { } rule ? [rule] : null;
        }
        return merged is { Count: > 0 } ? new ProxyRedirects(merged) : null;
    }

    private static Rule? CompileRule(ConfigDirective directive, DirectiveScope level, CompileContext context)
    {
        var from = directive.Args[0].Value;
        if (from == "default") return DefaultRule(level, context);
        if (directive.Args.Count != 2) return null;
        var replacement = ComplexValue.Compile(directive.Args[1].Value, context, directive.Position);
        if (!from.StartsWith('~')) return new PrefixRule(ComplexValue.Compile(from, context, directive.Position), replacement);
        var caseless = from.StartsWith("~*", StringComparison.Ordinal);
        var regex = NginxRegex.Compile(from[(caseless ? 2 : 1)..], caseless, context, directive.Position);
        return regex is null ? null : new RegexRule(regex, replacement);
    }

    /// <summary>
    /// <c>proxy_redirect default</c> for a level with a literal <c>proxy_pass</c>: with a URI part, the URL
    /// as written becomes the location's name; without one, the URL plus <c>/</c> becomes <c>/</c>.
    /// Regex, named and <c>if</c> locations count as having no name.
    /// </summary>
    private static Rule? DefaultRule(DirectiveScope level, CompileContext context)
    {
        if (level.OwnFirst("proxy_pass") is not { Args.Count: 1 } pass) return null;
        var url = pass.Args[0].Value;
        if (ProxyPassTarget.Parse(url).Value is not { HasVariables: false } target) return null;
        if (target.Uri is null) return new PrefixRule(ComplexValue.Literal(url + "/"), ComplexValue.Literal("/"));
        var name = level.Kind == ScopeKind.Location && level.Owner is { } owner
            && LocationPattern.Parse([.. owner.Args.Select(a => a.Value)]).Value is { IsRegex: false, Match: not LocationMatch.Named } pattern
            ? pattern.Uri : "";
        return new PrefixRule(ComplexValue.Literal(url), ComplexValue.Literal(name));
    }
}
