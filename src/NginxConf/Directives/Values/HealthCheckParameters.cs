namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// NGINX Plus's <c>health_check [interval=5s] [jitter=0] [fails=1] [passes=1] [uri=/] [match=NAME]
/// [port=N] [mandatory [persistent]] [keepalive_time=T] [type=grpc]</c>, with its defaults.
/// </summary>
public sealed record HealthCheckParameters
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Each check is delayed by a random time up to this (spreads checks of many peers).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Consecutive failed checks that make a peer unhealthy.</summary>
    public int Fails { get; init; } = 1;

    /// <summary>Consecutive passed checks that make an unhealthy peer healthy again.</summary>
    public int Passes { get; init; } = 1;

    public string Uri { get; init; } = "/";

    /// <summary>The <c>match</c> block the response must satisfy; null: any 2xx or 3xx passes.</summary>
    public string? Match { get; init; }

    /// <summary>Checks go to this port instead of the peer's own.</summary>
    public int? Port { get; init; }

    /// <summary>A peer starts in the "checking" state and takes no requests until its first check passes.</summary>
    public bool Mandatory { get; init; }

    /// <summary>With <see cref="Mandatory"/>: a reload keeps the peer's earlier verdict instead of checking again.</summary>
    public bool Persistent { get; init; }

    /// <summary><c>keepalive_time=</c>: accepted; every check opens a new connection here.</summary>
    public TimeSpan? KeepaliveTime { get; init; }

    /// <summary><c>type=grpc</c> was given: proxyserver sends HTTP checks only.</summary>
    public bool Grpc { get; init; }

    /// <summary>Reads the arguments; the error is NGINX Plus's <c>invalid parameter "..."</c> for the first bad one.</summary>
    public static Parsed<HealthCheckParameters> Parse(IReadOnlyList<string> args)
    {
        var result = new HealthCheckParameters();
        foreach (var arg in args)
        {
            var invalid = Parsed<HealthCheckParameters>.Fail($"invalid parameter \"{arg}\"");
            var eq = arg.IndexOf('=');
            var (key, value) = eq < 0 ? (arg, null) : (arg[..eq], arg[(eq + 1)..]);
            switch (key)
            {
                case "interval" when value is not null:
                    if (!NginxTime.TryParse(value, out var interval) || interval <= TimeSpan.Zero) return invalid;
                    result = result with { Interval = interval }; break;
                case "jitter" when value is not null:
                    if (!NginxTime.TryParse(value, out var jitter)) return invalid;
                    result = result with { Jitter = jitter }; break;
                case "fails" when value is not null:
                    if (!NginxNumber.TryParse(value, out var fails) || fails is 0 or > int.MaxValue) return invalid;
                    result = result with { Fails = (int)fails }; break;
                case "passes" when value is not null:
                    if (!NginxNumber.TryParse(value, out var passes) || passes is 0 or > int.MaxValue) return invalid;
                    result = result with { Passes = (int)passes }; break;
                case "uri" when value is not null:
                    if (value.Length == 0) return invalid;
                    result = result with { Uri = value }; break;
                case "match" when value is not null:
                    if (value.Length == 0) return invalid;
                    result = result with { Match = value }; break;
                case "port" when value is not null:
                    if (!NginxNumber.TryParse(value, out var port) || port is 0 or > 65535) return invalid;
                    result = result with { Port = (int)port }; break;
                case "keepalive_time" when value is not null:
                    if (!NginxTime.TryParse(value, out var keepalive)) return invalid;
                    result = result with { KeepaliveTime = keepalive }; break;
                case "type" when value == "grpc":
                    result = result with { Grpc = true }; break;
                case "grpc_service" or "grpc_status" when value is not null:
                    if (!result.Grpc) return invalid;
                    break;
                case "mandatory" when value is null:
                    result = result with { Mandatory = true }; break;
                case "persistent" when value is null:
                    if (!result.Mandatory) return invalid;
                    result = result with { Persistent = true }; break;
                default:
                    return invalid;
            }
        }
        return Parsed<HealthCheckParameters>.Success(result);
    }
}
