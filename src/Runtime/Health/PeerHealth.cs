using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Health;

/// <summary>
/// The active-check state of one peer (NGINX Plus's <c>health_checks</c> of a peer): counters for the
/// status API, and per <c>health_check</c> the consecutive results that move the peer between healthy
/// and unhealthy. A peer failing any of its checks is unhealthy. Everything here is read and written
/// under the group's lock, the one that guards the peer's <see cref="UpstreamPeer.Unhealthy"/> flag
/// (one lock: no order to get wrong between status requests and checker loops).
/// </summary>
public sealed class PeerHealth
{
    private readonly Dictionary<HealthCheckDefinition, Streak> _streaks = [];

    internal PeerHealth(CompiledUpstream upstream, UpstreamPeer peer)
    {
        Upstream = upstream;
        Peer = peer;
    }

    private Lock SyncRoot => Upstream.Group.SyncRoot;

    public CompiledUpstream Upstream { get; }
    public UpstreamPeer Peer { get; }

    /// <summary>Checks sent.</summary>
    public long Checks { get; private set; }

    /// <summary>Checks failed.</summary>
    public long Fails { get; private set; }

    /// <summary>Times the peer became unhealthy.</summary>
    public long UnhealthyTransitions { get; private set; }

    /// <summary>The last check's verdict; null before the first.</summary>
    public bool? LastPassed { get; private set; }

    /// <summary><c>mandatory</c>: no check has passed yet, so the peer takes no requests (NGINX Plus's "checking").</summary>
    public bool Checking { get; private set; }

    internal void StartChecking()
    {
        lock (SyncRoot) Checking = true;
    }

    /// <summary>Records one check's result; returns the peer's change, if any, for the error log.</summary>
    internal Transition Record(HealthCheckDefinition check, bool passed)
    {
        lock (SyncRoot)
        {
            Checks++;
            if (!passed) Fails++;
            LastPassed = passed;
            // A peer starts healthy, or unhealthy when it was before a reload; "checking" ends with the first verdict.
            var streak = _streaks.TryGetValue(check, out var s) ? s : new Streak(0, 0, Failing: Peer.Unhealthy && !Checking);
            streak = passed ? streak with { Passes = streak.Passes + 1, Fails = 0 } : streak with { Fails = streak.Fails + 1, Passes = 0 };
            if (Checking) streak = streak with { Failing = !passed };
            else if (passed && streak.Passes >= check.Parameters.Passes) streak = streak with { Failing = false };
            else if (!passed && streak.Fails >= check.Parameters.Fails) streak = streak with { Failing = true };
            _streaks[check] = streak;
            Checking = false;

            var unhealthy = _streaks.Values.Any(x => x.Failing);
            var was = Peer.Unhealthy;
            Peer.Unhealthy = unhealthy;
            if (unhealthy && !was) UnhealthyTransitions++;
            return unhealthy == was ? Transition.None : unhealthy ? Transition.BecameUnhealthy : Transition.BecameHealthy;
        }
    }

    /// <summary>A consistent copy for the status API.</summary>
    public (long Checks, long Fails, long Unhealthy, bool? LastPassed, bool Checking) Snapshot()
    {
        lock (SyncRoot) return (Checks, Fails, UnhealthyTransitions, LastPassed, Checking);
    }

    internal enum Transition { None, BecameUnhealthy, BecameHealthy }

    private sealed record Streak(int Passes, int Fails, bool Failing);
}
