using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of <c>ngx_http_proxy_module</c> directives.</summary>
public static class ProxyChecks
{
    public static void ProxyPass(DirectiveUse use)
    {
        var parsed = ProxyPassTarget.Parse(use.Args[0].Value);
        if (parsed.Value is not { } target)
        {
            use.Error(parsed.Error!, use.Args[0]);
            return;
        }
        if (target.Uri is not null && !target.HasVariables && UriNotAllowed(use))
        {
            use.Error("\"proxy_pass\" cannot have URI part in location given by regular expression, " +
                      "or inside named location, or inside \"if\" statement, or inside \"limit_except\" block");
            return;
        }
        if (target.Address is { } address)
            use.Facts.ProxyTargets.Add((address, use.Args[0]));
    }

    private static bool UriNotAllowed(DirectiveUse use)
    {
        if (use.Scope.Context is DirectiveContext.IfInLocation or DirectiveContext.LimitExcept) return true;
        return use.Scope.State is LocationState { Pattern: { } pattern } && (pattern.IsRegex || pattern.Match == LocationMatch.Named);
    }

    /// <summary>fastcgi_pass, uwsgi_pass, scgi_pass, grpc_pass, memcached_pass: <c>host:port</c>, an upstream, or <c>unix:</c>.</summary>
    public static void OtherPass(DirectiveUse use)
    {
        var text = use.Args[0].Value;
        if (text.Contains('$')) return;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var authority = schemeEnd < 0 ? text : text[(schemeEnd + 3)..];
        if (!HostPort.TryParse(authority, bareNumberIsPort: false, out _))
            use.Error($"invalid port in upstream \"{authority}\"", use.Args[0]);
    }

    /// <summary>
    /// <c>proxy_redirect default | off | REDIRECT REPLACEMENT</c>. nginx 1.22 keeps <c>off</c> alone in its
    /// block (any other proxy_redirect beside it is a duplicate), and <c>default</c> needs the block's
    /// literal <c>proxy_pass</c> written before it.
    /// </summary>
    public static void ProxyRedirect(DirectiveUse use)
    {
        const string OffKey = "proxy_redirect off", RuleKey = "proxy_redirect rule";
        var from = use.Args[0].Value;
        if (use.Args.Count == 1 && from is not ("default" or "off"))
        {
            use.Error($"invalid parameter \"{from}\"", use.Args[0]);
            return;
        }
        var off = use.Args.Count == 1 && from == "off";
        if (use.Scope.Earlier(OffKey) is not null || (off && use.Scope.Earlier(RuleKey) is not null))
        {
            use.Error($"\"{use.Name}\" directive is duplicate");
            return;
        }
        use.Scope.SetOnce(off ? OffKey : RuleKey, use.Directive);
        if (from == "default")
        {
            var pass = use.Scope.Earlier("proxy_pass");
            if (pass is null)
                use.Error("\"proxy_redirect default\" should be placed after the \"proxy_pass\" directive");
            else if (pass.Args.Count > 0 && pass.Args[0].Value.Contains('$'))
                use.Error("\"proxy_redirect default\" cannot be used with \"proxy_pass\" directive with variables");
        }
        else if (use.Args.Count == 2 && from.StartsWith('~'))
        {
            var caseless = from.StartsWith("~*", StringComparison.Ordinal);
            if (NginxRegex.Compile(from[(caseless ? 2 : 1)..], caseless).Error is { } error) use.Error(error, use.Args[0]);
        }
    }

    /// <summary>
    /// <c>proxy_cookie_domain</c>, <c>proxy_cookie_path</c>, <c>proxy_cookie_flags</c> (ngx_http_proxy_cookie_domain and
    /// its two siblings): <c>off</c> alone in its block, else a pattern and what goes with it; a regex pattern
    /// (<c>~</c>, and <c>~*</c> for a path) must compile. Flags are not checked here: nginx skips an unknown one per request.
    /// </summary>
    public static void ProxyCookie(DirectiveUse use)
    {
        var offKey = use.Name + " off";
        var ruleKey = use.Name + " rule";
        var first = use.Args[0].Value;
        var off = use.Args.Count == 1 && first == "off";
        if (use.Scope.Earlier(offKey) is not null || (off && use.Scope.Earlier(ruleKey) is not null))
        {
            use.Error($"\"{use.Name}\" directive is duplicate");
            return;
        }
        if (use.Args.Count == 1 && !off)
        {
            use.Error($"invalid parameter \"{first}\"", use.Args[0]);
            return;
        }
        use.Scope.SetOnce(off ? offKey : ruleKey, use.Directive);
        if (off || !first.StartsWith('~')) return;
        var caseless = use.Name != "proxy_cookie_path" || first.StartsWith("~*", StringComparison.Ordinal);
        var pattern = use.Name == "proxy_cookie_path" && first.StartsWith("~*", StringComparison.Ordinal) ? first[2..] : first[1..];
        if (NginxRegex.Compile(pattern, caseless).Error is { } error) use.Error(error, use.Args[0]);
    }

    /// <summary>ngx_http_proxy_store: <c>off</c>, <c>on</c> or a path; anything but <c>off</c> cannot share a block with <c>proxy_cache</c>.</summary>
    public static void ProxyStore(DirectiveUse use)
    {
        if (use.Args[0].Value != "off" && use.Scope.Earlier("proxy_cache") is { Args.Count: 1 } cache && cache.Args[0].Value != "off")
            use.Error("\"proxy_store\" directive is incompatible with \"proxy_cache\"");
    }

    /// <summary>ngx_http_proxy_cache: a cache other than <c>off</c> cannot share a block with a <c>proxy_store</c> other than <c>off</c>.</summary>
    public static void ProxyCache(DirectiveUse use)
    {
        if (use.Args[0].Value != "off" && use.Scope.Earlier("proxy_store") is { Args.Count: 1 } store && store.Args[0].Value != "off")
            use.Error("\"proxy_cache\" directive is incompatible with \"proxy_store\"");
    }

    /// <summary>ngx_conf_set_access_slot: each value is <c>user:</c>, <c>group:</c> or <c>all:</c> with <c>rw</c> or <c>r</c>.</summary>
    public static void StoreAccess(DirectiveUse use)
    {
        if (FileAccessMode.Parse(use.Values, out var invalid) is null) use.Error($"invalid value \"{invalid}\"");
    }
}
