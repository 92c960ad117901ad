using System.Collections.Concurrent;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Health;

/// <summary>
/// The health checks of one loaded model: every <c>health_check</c> and the check state of every peer they
/// cover. Built by the compiler; given its peers' starting states by the process before the model serves
/// (<see cref="Restore"/>: peers of a <c>mandatory</c> check start out of rotation, in "checking", and a
/// reload keeps the verdicts); run by <see cref="HealthChecker"/> while the model serves.
/// </summary>
public sealed class HealthCheckPlan
{
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
            if (!_peers.ContainsKey(peer)) _peers[peer] = new PeerHealth(check.Upstream, peer);
    }

    /// <summary>
    /// The peers' starting states, set by the process before this model serves: a <c>mandatory</c> check's
    /// peers start in "checking" (unless <c>persistent</c> and healthy before the reload), a peer found
    /// unhealthy before the reload starts unhealthy.
    /// </summary>
    public void Restore(HealthVerdicts verdicts)
    {
        foreach (var check in _checks)
        {
            var group = check.Upstream.Group;
            foreach (var peer in group.Primary.Peers.Concat(group.Backup?.Peers ?? []))
            {
                var known = verdicts.Find(check.Upstream, peer);
                var health = _peers[peer];
                if (check.Parameters.Mandatory && !(check.Parameters.Persistent && known == true)) health.StartChecking();
                // The group is not serving yet: no lock needed to set its peers' starting state.
                peer.Unhealthy = health.Checking || known == false;
            }
        }
    }
}

/// <summary>
/// Verdicts by (upstream, peer) that outlive a model, one table per process (<see cref="Model.ProcessCycle"/>):
/// NGINX Plus keeps a group's peer states in its shared zone across reloads, so a peer that was
/// unhealthy stays out of rotation until checks pass.
/// </summary>
public sealed class HealthVerdicts
{
    private readonly ConcurrentDictionary<(string Upstream, string Peer), bool> _healthy = new();

    /// <summary>Whether the peer was healthy at its last check; null when never checked.</summary>
    public bool? Find(CompiledUpstream upstream, UpstreamPeer peer) =>
        _healthy.TryGetValue(Key(upstream, peer), out var healthy) ? healthy : null;

    internal void Remember(PeerHealth health) => _healthy[Key(health.Upstream, health.Peer)] = !health.Peer.Unhealthy;

    private static (string, string) Key(CompiledUpstream upstream, UpstreamPeer peer) => (upstream.Name.ToLowerInvariant(), peer.Name);
}
