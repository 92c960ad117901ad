namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>Which <c>server</c> parameters a balancing method accepts (nginx's <c>NGX_HTTP_UPSTREAM_*</c> flags).</summary>
[Flags]
public enum UpstreamServerFlags
{
    None = 0,
    Weight = 1 << 0,
    MaxConns = 1 << 1,
    MaxFails = 1 << 2,
    FailTimeout = 1 << 3,
    Down = 1 << 4,
    Backup = 1 << 5,
    All = Weight | MaxConns | MaxFails | FailTimeout | Down | Backup,
}

/// <summary>
/// A parsed upstream <c>server</c> line, as <c>ngx_http_upstream_server</c> reads it (defaults: weight 1,
/// max_fails 1, fail_timeout 10s, port 80), plus NGINX Plus's <c>resolve</c>, <c>slow_start</c> and <c>drain</c> which proxyserver accepts.
/// </summary>
public sealed record UpstreamServerParameters(HostPort Address)
{
    public int Weight { get; init; } = 1;
    public int MaxConns { get; init; }
    public int MaxFails { get; init; } = 1;
    public TimeSpan FailTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public bool Backup { get; init; }
    public bool Down { get; init; }
    /// <summary>NGINX Plus: no new requests (proxyserver has no sticky sessions, so none at all) while draining.</summary>
    public bool Drain { get; init; }
    /// <summary>NGINX Plus: re-resolve the name through the <c>resolver</c> while running.</summary>
    public bool Resolve { get; init; }
    /// <summary>NGINX Plus: ramp the weight up over this time after recovery (accepted, not applied).</summary>
    public TimeSpan? SlowStart { get; init; }

    /// <summary>The parameters written, for the balancing-method compatibility rule.</summary>
    public UpstreamServerFlags Used { get; init; }

    public int Port => Address.Port ?? 80;

    /// <summary>
    /// Reads a <c>server</c> line in nginx's order: each parameter in turn (refused by the balancing
    /// method first, then its value), the address last.
    /// </summary>
    public static Parsed<UpstreamServerParameters> Parse(IReadOnlyList<string> args, UpstreamServerFlags allowed = UpstreamServerFlags.All)
    {
        if (args.Count == 0) return Parsed<UpstreamServerParameters>.Fail("invalid number of arguments in \"server\" directive");
        var server = new UpstreamServerParameters(new HostPort(args[0], null));
        foreach (var arg in args.Skip(1))
        {
            var invalid = Parsed<UpstreamServerParameters>.Fail($"invalid parameter \"{arg}\"");
            var eq = arg.IndexOf('=');
            var (key, value) = eq < 0 ? (arg, null) : (arg[..eq], arg[(eq + 1)..]);
            var flag = FlagOf(key, value is not null);
            if (flag != UpstreamServerFlags.None && (allowed & flag) == 0)
                return Parsed<UpstreamServerParameters>.Fail($"balancing method does not support parameter \"{arg}\"");
            switch (key)
            {
                case "weight" when value is not null:
                    if (!NginxNumber.TryParse(value, out var weight) || weight is 0 or > int.MaxValue) return invalid;
                    server = server with { Weight = (int)weight }; break;
                case "max_conns" when value is not null:
                    if (!NginxNumber.TryParse(value, out var maxConns) || maxConns > int.MaxValue) return invalid;
                    server = server with { MaxConns = (int)maxConns }; break;
                case "max_fails" when value is not null:
                    if (!NginxNumber.TryParse(value, out var maxFails) || maxFails > int.MaxValue) return invalid;
                    server = server with { MaxFails = (int)maxFails }; break;
                case "fail_timeout" when value is not null:
                    if (!NginxTime.TryParseSeconds(value, out var failTimeout)) return invalid;
                    server = server with { FailTimeout = failTimeout }; break;
                case "slow_start" when value is not null:
                    if (!NginxTime.TryParseSeconds(value, out var slowStart)) return invalid;
                    server = server with { SlowStart = slowStart }; break;
                case "backup" when value is null: server = server with { Backup = true }; break;
                case "down" when value is null: server = server with { Down = true }; break;
                case "drain" when value is null: server = server with { Drain = true }; break;
                case "resolve" when value is null: server = server with { Resolve = true }; break;
                default: return invalid;
            }
            server = server with { Used = server.Used | flag };
        }
        var address = UpstreamAddress.Parse(args[0]);
        if (address.Value is not { } parsed) return Parsed<UpstreamServerParameters>.Fail(address.Error!);
        return Parsed<UpstreamServerParameters>.Success(server with { Address = parsed });
    }

    /// <summary>The flag a parameter needs from the balancing method, by nginx's spelling (<c>weight=</c>, <c>backup</c>...).</summary>
    private static UpstreamServerFlags FlagOf(string key, bool hasValue) => (key, hasValue) switch
    {
        ("weight", true) => UpstreamServerFlags.Weight,
        ("max_conns", true) => UpstreamServerFlags.MaxConns,
        ("max_fails", true) => UpstreamServerFlags.MaxFails,
        ("fail_timeout", true) => UpstreamServerFlags.FailTimeout,
        ("down", false) => UpstreamServerFlags.Down,
        ("backup", false) => UpstreamServerFlags.Backup,
        _ => UpstreamServerFlags.None,
    };
}
