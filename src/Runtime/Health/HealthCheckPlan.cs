using System.Collections.Concurrent;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Health;

/// <summary>
/// The health checks of one loaded model: every <c>health_check</c> and the check state of every peer they
/// cover. Built by the compiler (peers of a <c>mandatory</c> check start out of rotation, in "checking");
/// run by <see cref="HealthChecker"/> while the model serves.
/// </summary>
public sealed class HealthCheckPlan
{
    /// <summary>
    /// Verdicts by (upstream, peer) that outlive a model: NGINX Plus keeps a group's peer states in its
    /// shared zone across reloads, so a peer that was unhealthy stays out of rotation until checks pass.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Upstream, string Peer), bool> LastVerdicts = new();

    private readonly List<HealthCheckDefinition> _checks = [];
    private readonly Dictionary<UpstreamPeer, PeerHealth> _peers = [];

    public IReadOnlyList<HealthCheckDefinition> Checks => _checks;

    /// <summary>The check state of <paramref name="peer"/>, or null when no health_check covers its group.</summary>
    public PeerHealth? For(UpstreamPeer peer) => _peers.GetValueOrDefault(peer);

    public IEnumerable<PeerHealth> Peers => _peers.Values;

    public void Add(HealthCheckDefinition check)
    {
        _checks.Add(check);
        var group = check.Upstream.Group;
        foreach (var peer in group.Primary.Peers.Concat(group.Backup?.Peers ?? []))
        {
            var known = LastVerdicts.TryGetValue(Key(check.Upstream, peer), out var healthy) ? healthy : (bool?)null;
            var checking = check.Parameters.Mandatory && !(check.Parameters.Persistent && known == true);
            if (!_peers.TryGetValue(peer, out var health)) _peers[peer] = health = new PeerHealth(check.Upstream, peer);
            if (checking) health.StartChecking();
            // The group is not serving yet: no lock needed to set its peers' starting state.
            peer.Unhealthy = health.Checking || known == false;
        }
    }

    internal static void Remember(PeerHealth health) =>
        LastVerdicts[Key(health.Upstream, health.Peer)] = !health.Peer.Unhealthy;

    private static (string, string) Key(CompiledUpstream upstream, UpstreamPeer peer) => (upstream.Name.ToLowerInvariant(), peer.Name);
}
