using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// <c>proxy_cookie_domain</c>, <c>proxy_cookie_path</c> and <c>proxy_cookie_flags</c> on each upstream
/// <c>Set-Cookie</c> (ngx_http_proxy_rewrite_cookie): the value is split into <c>name=value</c> attributes at
/// <c>;</c>, the first matching rule rewrites the <c>Domain</c> and <c>Path</c> attributes, the first
/// flags rule matching the cookie's name sets or removes <c>Secure</c>, <c>HttpOnly</c> and <c>SameSite</c>;
/// only a header something was done to is written back, as <c>a=b; c=d</c>. A cookie without <c>=</c> in its
/// first part is left alone. Each directive's rules are the nearest level's (<c>off</c> there: none).
/// </summary>
public sealed class ProxyCookies(IReadOnlyList<ProxyCookies.Rewrite> domains, IReadOnlyList<ProxyCookies.Rewrite> paths,
    IReadOnlyList<ProxyCookies.FlagsRule> flags)
{
    /// <summary>One <c>proxy_cookie_domain</c> or <c>proxy_cookie_path</c> rule: the new attribute value, or null when it does not match.</summary>
    public abstract class Rewrite
    {
        public abstract string? Apply(NginxRequest request, string value);
    }

    /// <summary>ngx_http_proxy_rewrite_complex_handler: a path starting with the pattern (case-sensitive) gets the replacement for that prefix.</summary>
    private sealed class PrefixRewrite(ComplexValue pattern, ComplexValue replacement) : Rewrite
    {
        public override string? Apply(NginxRequest request, string value)
        {
            var prefix = pattern.Evaluate(request);
            return value.StartsWith(prefix, StringComparison.Ordinal) ? replacement.Evaluate(request) + value[prefix.Length..] : null;
        }
    }

    /// <summary>
    /// ngx_http_proxy_rewrite_domain_handler: the domain, without a leading dot, equal to the pattern (caseless);
    /// the dot stays in front of the replacement.
    /// </summary>
    private sealed class DomainRewrite(ComplexValue pattern, ComplexValue replacement) : Rewrite
    {
        public override string? Apply(NginxRequest request, string value)
        {
            var dot = value.StartsWith('.') ? 1 : 0;
            return string.Equals(pattern.Evaluate(request), value[dot..], StringComparison.OrdinalIgnoreCase)
                ? value[..dot] + replacement.Evaluate(request)
                : null;
        }
    }

    /// <summary>ngx_http_proxy_rewrite_regex_handler: a matching value is replaced whole, captures usable in the replacement.</summary>
    private sealed class RegexRewrite(NginxRegex regex, ComplexValue replacement) : Rewrite
    {
        public override string? Apply(NginxRequest request, string value)
        {
            try
            {
                return regex.Match(request, value) ? replacement.Evaluate(request) : null;
            }
            catch (RegexMatchLimitException)
            {
                return null;
            }
        }
    }

    /// <summary>One <c>proxy_cookie_flags</c> rule: the cookie name (text with variables, caseless, or a caseless regex) and its flags.</summary>
    public sealed class FlagsRule(ComplexValue? name, NginxRegex? regex, IReadOnlyList<ComplexValue> flags)
    {
        public bool Matches(NginxRequest request, string cookie)
        {
            if (regex is null) return string.Equals(name!.Evaluate(request), cookie, StringComparison.OrdinalIgnoreCase);
            try
            {
                return regex.Match(request, cookie);
            }
            catch (RegexMatchLimitException)
            {
                return false;
            }
        }

        /// <summary>The flags named, evaluated; an unknown one is skipped (nginx logs it at debug level only).</summary>
        public CookieFlags Evaluate(NginxRequest request)
        {
            var set = CookieFlags.None;
            foreach (var flag in flags)
                set |= flag.Evaluate(request).ToLowerInvariant() switch
                {
                    "secure" => CookieFlags.Secure,
                    "nosecure" => CookieFlags.NoSecure,
                    "httponly" => CookieFlags.HttpOnly,
                    "nohttponly" => CookieFlags.NoHttpOnly,
                    "samesite=strict" => CookieFlags.SameSiteStrict,
                    "samesite=lax" => CookieFlags.SameSiteLax,
                    "samesite=none" => CookieFlags.SameSiteNone,
                    "nosamesite" => CookieFlags.NoSameSite,
                    _ => CookieFlags.None,
                };
            return set;
        }
    }

    /// <summary>ngx_http_proxy_cookie_flags_masks.</summary>
    [Flags]
    public enum CookieFlags
    {
        None = 0,
        Secure = 1,
        NoSecure = 2,
        HttpOnly = 4,
        NoHttpOnly = 8,
        SameSiteStrict = 16,
        SameSiteLax = 32,
        SameSiteNone = 64,
        NoSameSite = 128,
    }

    /// <summary>The location's rules, or null when none of the three directives applies there.</summary>
    public static ProxyCookies? Compile(DirectiveScope scope, CompileContext context)
    {
        var domains = CompileRewrites(scope.NearestAll(ProxyDirectives.CookieDomain), context, domain: true);
        var paths = CompileRewrites(scope.NearestAll(ProxyDirectives.CookiePath), context, domain: false);
        var flags = CompileFlags(scope.NearestAll(ProxyDirectives.CookieFlags), context);
        return domains.Count + paths.Count + flags.Count == 0 ? null : new ProxyCookies(domains, paths, flags);
    }

    private static List<Rewrite> CompileRewrites(IReadOnlyList<ConfigDirective> level, CompileContext context, bool domain)
    {
        var rules = new List<Rewrite>();
        foreach (var directive in level)
        {
            if (directive.Args.Count != 2) continue;
            var (from, to) = (directive.Args[0].Value, directive.Args[1].Value);
            if (from.StartsWith('~'))
            {
                // a domain regex is always caseless; a path one with ~*
                var caseless = domain || from.StartsWith("~*", StringComparison.Ordinal);
                var pattern = !domain && caseless ? from[2..] : from[1..];
                if (NginxRegex.Compile(pattern, caseless, context, directive.Position) is { } regex)
                    rules.Add(new RegexRewrite(regex, ComplexValue.Compile(to, context, directive.Position)));
                continue;
            }
            if (!domain)
            {
                rules.Add(new PrefixRewrite(ComplexValue.Compile(from, context, directive.Position), ComplexValue.Compile(to, context, directive.Position)));
                continue;
            }
            // ngx_http_proxy_cookie_domain: a leading dot of either side is not part of the rule
            rules.Add(new DomainRewrite(ComplexValue.Compile(from.StartsWith('.') ? from[1..] : from, context, directive.Position),
                ComplexValue.Compile(to.StartsWith('.') ? to[1..] : to, context, directive.Position)));
        }
        return rules;
    }

    private static List<FlagsRule> CompileFlags(IReadOnlyList<ConfigDirective> level, CompileContext context)
    {
        var rules = new List<FlagsRule>();
        foreach (var directive in level)
        {
            if (directive.Args.Count < 2) continue;
            var name = directive.Args[0].Value;
            var flags = directive.Args.Skip(1).Select(a => ComplexValue.Compile(a.Value, context, directive.Position)).ToList();
            if (!name.StartsWith('~'))
                rules.Add(new FlagsRule(ComplexValue.Compile(name, context, directive.Position), null, flags));
            else if (NginxRegex.Compile(name[1..], caseless: true, context, directive.Position) is { } regex)
                rules.Add(new FlagsRule(null, regex, flags));
        }
        return rules;
    }

    /// <summary>Rewrites every Set-Cookie of an upstream response (ngx_http_upstream_rewrite_set_cookie).</summary>
    public void Apply(NginxRequest request, IHeaderDictionary headers)
    {
        if (!headers.TryGetValue("Set-Cookie", out var cookies)) return;
        var values = cookies.ToArray();
        for (var i = 0; i < values.Length; i++)
            if (values[i] is { } value && RewriteCookie(request, value) is { } rewritten) values[i] = rewritten;
        headers["Set-Cookie"] = values;
    }

    /// <summary>ngx_http_proxy_rewrite_cookie: the rewritten header, or null when nothing was done to it.</summary>
    private string? RewriteCookie(NginxRequest request, string header)
    {
        var attributes = Parse(header);
        if (attributes[0].Value is null) return null;
        var changed = false;
        for (var i = 1; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            if (key is null || value is null) continue;
            var rules = domains.Count > 0 && key.Equals("domain", StringComparison.OrdinalIgnoreCase) ? domains
                : paths.Count > 0 && key.Equals("path", StringComparison.OrdinalIgnoreCase) ? paths
                : null;
            if (rules is null) continue;
            foreach (var rule in rules)
            {
                if (rule.Apply(request, value) is not { } rewritten) continue;
                attributes[i] = (key, rewritten);
                changed = true;
                break;
            }
        }
        if (flags.Count > 0 && flags.FirstOrDefault(rule => rule.Matches(request, attributes[0].Key!)) is { } matched
            && matched.Evaluate(request) is not CookieFlags.None and var set)
        {
            EditFlags(attributes, set);
            changed = true;
        }
        return changed ? string.Join("; ", attributes.Where(a => a.Key is not null).Select(a => a.Value is null ? a.Key : a.Key + "=" + a.Value)) : null;
    }

    /// <summary>
    /// ngx_http_proxy_edit_cookie_flags: a flag already there stays (SameSite takes the asked value), a <c>no</c> flag
    /// removes it, and the asked ones not there are added at the end as Secure, HttpOnly, SameSite.
    /// </summary>
    private static void EditFlags(List<(string? Key, string? Value)> attributes, CookieFlags set)
    {
        for (var i = 1; i < attributes.Count; i++)
        {
            var (key, value) = attributes[i];
            if (key is null) continue;
            if (key.Equals("secure", StringComparison.OrdinalIgnoreCase))
            {
                if ((set & CookieFlags.Secure) != 0) set &= ~CookieFlags.Secure;
                else if ((set & CookieFlags.NoSecure) != 0) attributes[i] = (null, null);
            }
            else if (key.Equals("httponly", StringComparison.OrdinalIgnoreCase))
            {
                if ((set & CookieFlags.HttpOnly) != 0) set &= ~CookieFlags.HttpOnly;
                else if ((set & CookieFlags.NoHttpOnly) != 0) attributes[i] = (null, null);
            }
            else if (key.Equals("samesite", StringComparison.OrdinalIgnoreCase))
            {
                var asked = Array.Find(SameSites, s => (set & s.Flag) != 0);
                if (asked.Name is not null)
                {
                    set &= ~asked.Flag;
                    if (!string.Equals(value, asked.Name, StringComparison.OrdinalIgnoreCase)) attributes[i] = ("SameSite", asked.Name);
                }
                else if ((set & CookieFlags.NoSameSite) != 0) attributes[i] = (null, null);
            }
        }
        if ((set & CookieFlags.Secure) != 0) attributes.Add(("Secure", null));
        if ((set & CookieFlags.HttpOnly) != 0) attributes.Add(("HttpOnly", null));
        if (Array.Find(SameSites, s => (set & s.Flag) != 0) is { Name: not null } added) attributes.Add(("SameSite", added.Name));
    }

    private static readonly (CookieFlags Flag, string Name)[] SameSites =
        [(CookieFlags.SameSiteStrict, "Strict"), (CookieFlags.SameSiteLax, "Lax"), (CookieFlags.SameSiteNone, "None")];

    /// <summary>ngx_http_proxy_parse_cookie: parts at <c>;</c>, each <c>name[=value]</c> with spaces trimmed around both.</summary>
    private static List<(string? Key, string? Value)> Parse(string header)
    {
        var attributes = new List<(string?, string?)>();
        foreach (var part in header.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals < 0) attributes.Add((part.Trim(' '), null));
            else attributes.Add((part[..equals].Trim(' '), part[(equals + 1)..].Trim(' ')));
        }
        return attributes;
    }
}
