using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Tests.Runtime.Upstream;

/// <summary>Small in-memory groups for unit tests of the policies: servers 10.0.0.1:80, 10.0.0.2:80, ...</summary>
internal static class PolicyTestGroups
{
    public static UpstreamGroup Create(BalancingMethod method, params UpstreamServer[] servers) =>
        new("test", servers, method, random: new Random(7));

    public static UpstreamServer Server(int n, int weight = 1, bool down = false, bool backup = false) =>
        UpstreamServer.Literal($"10.0.0.{n}:80") with { Weight = weight, Down = down, Backup = backup };

    /// <summary>Picks and immediately frees as a success; returns the picked peer's server name.</summary>
    public static string PickAndFree(UpstreamGroup group, string key = "")
    {
        var selection = group.Begin(null, key);
        var peer = selection.Pick() ?? throw new InvalidOperationException("no live upstreams");
        selection.Free(PeerOutcome.Success);
        return peer.Server;
    }
}
