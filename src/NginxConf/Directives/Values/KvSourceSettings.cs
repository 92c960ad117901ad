namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// Our <c>kv_source NAME etcd://HOST:PORT[,HOST:PORT...] [cache=FILE]</c>: one etcd cluster (its client
/// endpoints, tried in turn) and where the last accepted snapshot is kept for starting without etcd.
/// Read here so that <c>check</c> and the runtime share one parser.
/// </summary>
public sealed record KvSourceSettings(string Name, IReadOnlyList<string> Endpoints, string? CachePath)
{
    public static Parsed<KvSourceSettings> Parse(IReadOnlyList<string> arguments)
    {
        if (arguments.Count < 2) return Parsed<KvSourceSettings>.Fail("invalid number of arguments in \"kv_source\" directive");
        var name = arguments[0];
        const string scheme = "etcd://";
        if (!arguments[1].StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return Parsed<KvSourceSettings>.Fail($"invalid kv_source URL \"{arguments[1]}\": expected etcd://HOST:PORT[,HOST:PORT...]");
        var endpoints = new List<string>();
        foreach (var endpoint in arguments[1][scheme.Length..].TrimEnd('/').Split(','))
        {
            if (!HostPort.TryParse(endpoint, bareNumberIsPort: false, out var parsed) || parsed.Port is null || parsed.IsUnix || parsed.Host.Length == 0)
                return Parsed<KvSourceSettings>.Fail($"invalid endpoint \"{endpoint}\" in kv_source \"{name}\": expected HOST:PORT");
            endpoints.Add(endpoint);
        }
        string? cache = null;
        foreach (var argument in arguments.Skip(2))
        {
            if (argument.StartsWith("cache=", StringComparison.Ordinal) && argument.Length > "cache=".Length)
                cache = argument["cache=".Length..];
            else
                return Parsed<KvSourceSettings>.Fail($"invalid parameter \"{argument}\"");
        }
        return Parsed<KvSourceSettings>.Success(new KvSourceSettings(name, endpoints, cache));
    }
}
