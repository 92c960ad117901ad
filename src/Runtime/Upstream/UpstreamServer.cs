using System.Net;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// One <c>server</c> line of an <c>upstream</c> block: the address as written (the consistent hash
/// ring is built from this text) and the addresses it resolved to (each becomes a peer).
/// Defaults are nginx's: weight=1 max_fails=1 fail_timeout=10s max_conns=0.
/// </summary>
public sealed record UpstreamServer(string Name, IReadOnlyList<EndPoint> Addresses)
{
    public int Weight { get; init; } = 1;
    public int MaxFails { get; init; } = 1;
    public TimeSpan FailTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxConns { get; init; }
    public bool Backup { get; init; }
    public bool Down { get; init; }

    /// <summary><c>drain</c> (NGINX Plus): takes no new requests; shown as "draining".</summary>
    public bool Drain { get; init; }

    /// <summary><c>slow_start=</c> (NGINX Plus): accepted and kept, not acted upon.</summary>
    public TimeSpan SlowStart { get; init; }

    /// <summary>A server with one literal address, e.g. <c>127.0.0.1:8080</c> (port 80 when omitted).</summary>
    public static UpstreamServer Literal(string name)
    {
        var endPoint = IPEndPoint.TryParse(name, out var parsed) ? parsed : throw new FormatException($"not an IP address: {name}");
        if (!name.Contains(':') || (name.StartsWith('[') && !name.Contains("]:"))) endPoint.Port = 80;
        return new UpstreamServer(name, [endPoint]);
    }
}
