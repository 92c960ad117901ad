namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// Our <c>kv_source NAME etcd://HOST:PORT[,HOST:PORT...] [cache=FILE]</c>: one etcd cluster (its client
/// endpoints, tried in turn) and where the last accepted snapshot is kept for starting without etcd.
/// </summary>
public sealed record KvSourceSettings(string Name, IReadOnlyList<string> Endpoints, string? CachePath)
{
    public static KvSourceSettings Parse(IReadOnlyList<string> arguments)
    {
        if (arguments.Count < 2) throw new FormatException("invalid number of arguments in \"kv_source\" directive");
        var name = arguments[0];
        const string scheme = "etcd://";
        if (!arguments[1].StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"invalid kv_source URL \"{arguments[1]}\": expected etcd://HOST:PORT[,HOST:PORT...]");
        var endpoints = new List<string>();
        foreach (var endpoint in arguments[1][scheme.Length..].TrimEnd('/').Split(','))
        {
            var colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], out var port) || port is < 1 or > 65535)
                throw new FormatException($"invalid endpoint \"{endpoint}\" in kv_source \"{name}\": expected HOST:PORT");
            endpoints.Add(endpoint);
        }
        string? cache = null;
        foreach (var argument in arguments.Skip(2))
        {
            if (argument.StartsWith("cache=", StringComparison.Ordinal) && argument.Length > "cache=".Length)
                cache = argument["cache=".Length..];
            else
                throw new FormatException($"invalid parameter \"{argument}\"");
        }
        return new KvSourceSettings(name, endpoints, cache);
    }
}
