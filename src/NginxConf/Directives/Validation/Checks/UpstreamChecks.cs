using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// Checks of <c>upstream</c> blocks: unique names, <c>server</c> parameters, and which parameters the
/// chosen balancing method allows (nginx checks the servers written after the method directive).
/// </summary>
public static class UpstreamChecks
{
    /// <summary>The server parameters each balancing method accepts, as its nginx module declares them.</summary>
    public static UpstreamServerFlags AllowedBy(string method) => method switch
    {
        "hash" or "ip_hash" or "random" => UpstreamServerFlags.All & ~UpstreamServerFlags.Backup,
        _ => UpstreamServerFlags.All,
    };

    public static void Upstream(DirectiveUse use)
    {
        var name = use.Args[0].Value;
        if (use.Facts.Upstreams.ContainsKey(name))
        {
            use.Error($"duplicate upstream \"{name}\"");
            return;
        }
        var state = new UpstreamState(name, use.Directive);
        use.Facts.Upstreams[name] = state;
        if (use.Body is not null) use.Body.State = state;
    }

    public static void Server(DirectiveUse use)
    {
        var upstream = use.Scope.State as UpstreamState;
        var parsed = UpstreamServerParameters.Parse([.. use.Values], upstream?.Allowed ?? UpstreamServerFlags.All);
        if (parsed.Value is not { } server)
        {
            use.Error(parsed.Error!);
            return;
        }
        upstream?.Servers.Add(server);
        if (server.Resolve && !server.Address.IsUnix && server.Address.Address is null) DynamicChecks.ResolveServer(use);
        // A `resolve` server is looked up by the resolver while running: nginx (1.27.3+) never resolves it at -t time.
        if (!server.Resolve && !server.Address.IsUnix && server.Address.Address is null)
            use.Facts.HostsToResolve.Add((server.Address.Host, $"host not found in upstream \"{use.Args[0].Value}\"", use.Args[0]));
    }

    /// <summary><c>keepalive N</c>: the cache size must be a positive number.</summary>
    public static void Keepalive(DirectiveUse use)
    {
        var text = use.Args[0].Value;
        if (!NginxNumber.TryParse(text, out var connections) || connections == 0)
            use.Error($"invalid value \"{text}\" in \"{use.Name}\" directive");
    }

    public static void Hash(DirectiveUse use)
    {
        if (use.Args.Count == 2 && use.Args[1].Value != "consistent")
        {
            use.Error($"invalid parameter \"{use.Args[1].Value}\"", use.Args[1]);
            return;
        }
        SetMethod(use, "hash");
    }

    public static void IpHash(DirectiveUse use) => SetMethod(use, "ip_hash");

    public static void LeastConn(DirectiveUse use) => SetMethod(use, "least_conn");

    /// <summary><c>random [two [least_conn]]</c>.</summary>
    public static void Random(DirectiveUse use)
    {
        var args = use.Args;
        if (args.Count >= 1 && args[0].Value != "two")
        {
            use.Error($"invalid parameter \"{args[0].Value}\"", args[0]);
            return;
        }
        if (args.Count == 2 && args[1].Value != "least_conn")
        {
            use.Error($"invalid parameter \"{args[1].Value}\"", args[1]);
            return;
        }
        SetMethod(use, "random");
    }

    /// <summary>NGINX Plus: <c>least_time header|last_byte [inflight]</c>.</summary>
    public static void LeastTime(DirectiveUse use)
    {
        var args = use.Args;
        if (args[0].Value is not ("header" or "last_byte"))
        {
            use.Error($"invalid parameter \"{args[0].Value}\"", args[0]);
            return;
        }
        if (args.Count == 2 && args[1].Value != "inflight")
        {
            use.Error($"invalid parameter \"{args[1].Value}\"", args[1]);
            return;
        }
        SetMethod(use, "least_time");
    }

    private static void SetMethod(DirectiveUse use, string method)
    {
        if (use.Scope.State is not UpstreamState upstream) return;
        if (upstream.Method != "round_robin")
            use.Warning("load balancing method redefined");
        upstream.Method = method;
        upstream.Allowed = AllowedBy(method);
    }
}
