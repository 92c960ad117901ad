using System.Collections.Immutable;
using System.Net;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Dynamic.Routing;

/// <summary>Where a <c>proxy_pass</c> with variables sends this request, decided at request time.</summary>
public abstract record ProxyTarget
{
    private ProxyTarget() { }

    /// <summary>The value named an <c>upstream</c> block (no port given): balance over its peers.</summary>
    public sealed record Group(UpstreamGroup Upstream) : ProxyTarget;

    /// <summary>An address, or a name the resolver answered: try these in order (nginx builds a round-robin set of them).</summary>
    public sealed record Addresses(string Host, ImmutableArray<IPEndPoint> EndPoints) : ProxyTarget;

    /// <summary>No target: answer <see cref="Status"/> and write <see cref="LogLine"/> to the error log (at error level).</summary>
    public sealed record Failed(int Status, string LogLine) : ProxyTarget;
}
