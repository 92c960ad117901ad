namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>
/// nginx's default: smooth weighted round robin (<c>ngx_http_upstream_get_round_robin_peer</c>).
/// Every other method falls back to <see cref="GetPeer"/> and all share <see cref="FreePeer"/>.
/// </summary>
public sealed class RoundRobinPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.RoundRobin;

    public UpstreamPeer? PickPeer(PeerSelection selection) => GetPeer(selection);

    /// <summary>Picks from the current list; when it has nobody left, switches the request to the backups.</summary>
    internal static UpstreamPeer? GetPeer(PeerSelection selection)
    {
        var peers = selection.Peers;
        UpstreamPeer? peer;
        if (peers.Single)
        {
            // one server and no backups: nginx never marks it failed, only down or full stops it
            peer = peers.Peers[0];
            if (peer.Down || peer.IsAtMaxConns) peer = null;
            else selection.Current = peer;
        }
        else
        {
            peer = SmoothWeighted(selection);
        }

        if (peer is not null)
        {
            peer.Conns++;
            peer.CountRequest();
            return peer;
        }
        return SwitchToBackup(selection) ? GetPeer(selection) : null;
    }

    /// <summary>Moves a request from the primaries to the backups (once); false when there is nowhere to go.</summary>
    internal static bool SwitchToBackup(PeerSelection selection)
    {
        var backup = selection.Group.Backup;
        if (backup is null || selection.Peers == backup) return false;
        selection.Peers = backup;
        selection.ClearTried();
        return true;
    }

    /// <summary>
    /// Each eligible peer gains its effective weight; the highest current weight wins and pays back the
    /// total. Effective weight, lowered by failures, climbs back by one per pick.
    /// </summary>
    private static UpstreamPeer? SmoothWeighted(PeerSelection selection)
    {
        var now = selection.Now;
        UpstreamPeer? best = null;
        long total = 0;
        foreach (var peer in selection.Peers.Peers)
        {
            if (selection.IsTried(peer.Index) || peer.IsUnavailable(now)) continue;
            peer.CurrentWeight += peer.EffectiveWeight;
            total += peer.EffectiveWeight;
            if (peer.EffectiveWeight < peer.Weight) peer.EffectiveWeight++;
            if (best is null || peer.CurrentWeight > best.CurrentWeight) best = peer;
        }
        if (best is null) return null;

        selection.Current = best;
        selection.MarkTried(best.Index);
        best.CurrentWeight -= total;
        if (now - best.Checked > best.FailTimeoutSeconds) best.Checked = now;
        return best;
    }

    /// <summary>nginx's <c>ngx_http_upstream_free_round_robin_peer</c>; true when the failure disabled the peer.</summary>
    internal static bool FreePeer(PeerSelection selection, UpstreamPeer peer, PeerOutcome outcome, long now)
    {
        var disabled = false;
        if (selection.Peers.Single)
        {
            peer.Conns--;
            selection.Tries = 0;
            return false;
        }

        if (outcome == PeerOutcome.Failed)
        {
            peer.Fails++;
            peer.Accessed = now;
            peer.Checked = now;
            if (peer.MaxFails != 0)
            {
                peer.EffectiveWeight -= peer.Weight / peer.MaxFails;
                disabled = peer.Fails >= peer.MaxFails;
            }
            if (peer.EffectiveWeight < 0) peer.EffectiveWeight = 0;
        }
        else if (peer.Accessed < peer.Checked)
        {
            // a success after a new fail_timeout window began: the peer is live again
            peer.Fails = 0;
        }

        peer.Conns--;
        if (selection.Tries > 0) selection.Tries--;
        return disabled;
    }
}
