using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of <c>ngx_http_core_module</c> directives beyond their shape.</summary>
public static class HttpCoreChecks
{
    // ngx_http_core_limit_except compares with ngx_strcasecmp: "get" is GET.
    private static readonly HashSet<string> Methods = new(StringComparer.OrdinalIgnoreCase)
        { "GET", "HEAD", "POST", "PUT", "DELETE", "MKCOL", "COPY", "MOVE", "OPTIONS", "PROPFIND", "PROPPATCH", "LOCK", "UNLOCK", "PATCH" };

    /// <summary>The server a directive belongs to (a server fragment's top level gets one on first use).</summary>
    internal static ServerState ServerOf(DirectiveUse use)
    {
        var scope = use.Scope.Nearest(DirectiveContext.Server) ?? use.Scope;
        if (scope.State is ServerState state) return state;
        state = new ServerState(scope.Owner ?? use.Directive);
        scope.State = state;
        use.Facts.Servers.Add(state);
        return state;
    }

    /// <summary>ngx_conf_set_path_slot (<c>client_body_temp_path</c>, <c>*_temp_path</c>): each level a number from 1.</summary>
    public static void TempPath(DirectiveUse use)
    {
        foreach (var level in use.Args.Skip(1))
            if (!int.TryParse(level.Value, System.Globalization.NumberStyles.None, null, out var n) || n == 0)
            {
                use.Error($"\"{use.Name}\" directive invalid value", level);
                return;
            }
    }

    public static void Server(DirectiveUse use)
    {
        var state = new ServerState(use.Directive);
        use.Body!.State = state;
        use.Facts.Servers.Add(state);
    }

    public static void Listen(DirectiveUse use)
    {
        var parsed = ListenParameters.Parse([.. use.Values]);
        if (parsed.Value is not { } listen)
        {
            use.Error(parsed.Error!);
            return;
        }
        var server = ServerOf(use);
        // A port range is a listen on each of its ports (ngx_http_core_listen adds every address of u.addrs).
        foreach (var key in listen.SocketKeys)
        {
            if (server.Listens.Any(l => l.Listen.SocketKeys.Contains(key)))
            {
                use.Error($"a duplicate listen {key}");
                return;
            }
            if (listen.DefaultServer && !use.Facts.DefaultServers.TryAdd(key, use.Directive))
                use.Error($"a duplicate default server for {key}");
            if (listen.Bind && !use.Facts.SocketsWithOptions.Add(key))
                use.Error($"duplicate listen options for {key}");
        }
        server.Listens.Add((listen, use.Directive));
        if (!listen.Address.IsUnix && !listen.Address.IsWildcard && listen.Address.Address is null)
            use.Facts.HostsToResolve.Add((listen.Address.Host, $"host not found in \"{use.Args[0].Value}\" of the \"listen\" directive", use.Args[0]));
    }

    public static void ServerName(DirectiveUse use)
    {
        var server = ServerOf(use);
        foreach (var arg in use.Args)
        {
            server.Names.Add((arg.Value, arg));
            if (arg.Value.StartsWith('~') && NginxRegex.Compile(arg.Value[1..], caseless: false).Error is { } error)
                use.Error(error, arg);
        }
    }

    public static void Location(DirectiveUse use)
    {
        var parsed = LocationPattern.Parse([.. use.Values]);
        if (parsed.Value is not { } pattern)
        {
            use.Error(parsed.Error!);
            return;
        }
        if (pattern.IsRegex && NginxRegex.Compile(pattern.Uri, pattern.Match == LocationMatch.RegexCaseless).Error is { } regexError)
        {
            use.Error(regexError);
            return;
        }
        List<(LocationPattern Pattern, Syntax.ConfigDirective At)> siblings;
        if (use.Scope.Context == DirectiveContext.Location && use.Scope.State is LocationState parent)
        {
            if (LocationPattern.NestingError(parent.Pattern, pattern) is { } nesting)
            {
                use.Error(nesting);
                return;
            }
            siblings = parent.Locations;
        }
        else
        {
            siblings = ServerOf(use).Locations;
        }
        if (siblings.Any(s => SameMatch(s.Pattern, pattern)))
            use.Error($"duplicate location \"{pattern.Uri}\"");
        siblings.Add((pattern, use.Directive));
        if (use.Body is not null) use.Body.State = new LocationState(pattern, use.Directive);
    }

    /// <summary>nginx refuses two prefix locations (with or without <c>^~</c>) or two exact ones with the same URI.</summary>
    private static bool SameMatch(LocationPattern a, LocationPattern b)
    {
        if (a.Uri != b.Uri) return false;
        static bool IsPrefix(LocationPattern p) => p.Match is LocationMatch.Prefix or LocationMatch.PrefixNoRegex;
        return (IsPrefix(a) && IsPrefix(b)) || (a.Match == LocationMatch.Exact && b.Match == LocationMatch.Exact);
    }

    /// <summary><c>root</c> and <c>alias</c> exclude each other in one location.</summary>
    public static void RootOrAlias(DirectiveUse use)
    {
        var other = use.Name == "root" ? "alias" : "root";
        if (use.Scope.Earlier(other) is not null)
        {
            use.Error($"\"{use.Name}\" directive is duplicate, \"{other}\" directive was specified earlier");
            return;
        }
        use.Scope.SetOnce(use.Name, use.Directive);
    }

    public static void TryFiles(DirectiveUse use)
    {
        var last = use.Args[^1].Value;
        if (last.StartsWith('=') && (!NginxNumber.TryParse(last.AsSpan(1), out var code) || code > 999))
            use.Error($"invalid code \"{last}\"", use.Args[^1]);
    }

    /// <summary><c>error_page CODE... [=[RESPONSE]] URI</c>: codes 300..599.</summary>
    public static void ErrorPage(DirectiveUse use)
    {
        var args = use.Args;
        var end = args.Count - 1;
        if (end >= 1 && args[end - 1].Value.StartsWith('='))
        {
            var response = args[end - 1].Value[1..];
            if (response.Length > 0 && !NginxNumber.TryParse(response, out _))
            {
                use.Error($"invalid value \"{args[end - 1].Value}\"", args[end - 1]);
                return;
            }
            end--;
        }
        for (var i = 0; i < end; i++)
        {
            var text = args[i].Value;
            if (text.Contains('$')) continue;
            if (!NginxNumber.TryParse(text, out var code))
            {
                use.Error($"invalid value \"{text}\"", args[i]);
                return;
            }
            if (code is < 300 or > 599)
            {
                use.Error($"value \"{text}\" must be between 300 and 599", args[i]);
                return;
            }
        }
    }

    /// <summary><c>resolver ADDRESS... [valid=TIME] [ipv4=on|off] [ipv6=on|off] [status_zone=NAME]</c>.</summary>
    public static void Resolver(DirectiveUse use)
    {
        foreach (var arg in use.Args)
        {
            var text = arg.Value;
            if (text.StartsWith("valid=", StringComparison.Ordinal))
            {
                if (!NginxTime.TryParseSeconds(text[6..], out _)) use.Error($"invalid parameter: {text}", arg);
                continue;
            }
            if (text.StartsWith("ipv4=", StringComparison.Ordinal) || text.StartsWith("ipv6=", StringComparison.Ordinal))
            {
                if (!NginxFlag.TryParse(text[5..], out _)) use.Error($"invalid parameter: {text}", arg);
                continue;
            }
            if (text.StartsWith("status_zone=", StringComparison.Ordinal)) continue;
            if (!HostPort.TryParse(text, bareNumberIsPort: false, out var address))
            {
                use.Error($"invalid port in resolver \"{text}\"", arg);
                continue;
            }
            if (address.Address is null)
                use.Facts.HostsToResolve.Add((address.Host, $"host not found in resolver \"{text}\"", arg));
        }
    }

    public static void LimitExcept(DirectiveUse use)
    {
        foreach (var arg in use.Args)
            if (!Methods.Contains(arg.Value))
            {
                use.Error($"invalid method \"{arg.Value}\"", arg);
                return;
            }
    }
}
