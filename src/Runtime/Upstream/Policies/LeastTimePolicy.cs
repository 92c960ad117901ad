using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives;
namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>
/// <c>least_time header|last_byte [inflight]</c>: NGINX Plus's method, our own formula.
/// Each peer keeps an exponential moving average of its response time (time to the response
/// header, or to its last byte): avg = avg + 0.3 * (sample - avg), the first sample taken as is.
/// Score = avg / weight, or with <c>inflight</c> avg * (1 + active connections) / weight so that a
/// peer busy with slow requests looks slower at once. The lowest score wins; equal scores (peers not
/// measured yet score 0) go to the fewest connections per weight, then smooth weighted round robin.
/// </summary>
public sealed class LeastTimePolicy(LeastTimeMetric metric, bool inflight) : ILoadBalancingPolicy
{
    internal const double Smoothing = 0.3;

    public LeastTimeMetric Metric { get; } = metric;
    public bool Inflight { get; } = inflight;

    public string Name => LoadBalancingPolicies.LeastTime;

    public UpstreamPeer? PickPeer(PeerSelection selection)
    {
        if (selection.Peers.Single) return RoundRobinPolicy.GetPeer(selection);

        var now = selection.Now;
        var peers = selection.Peers.Peers;
        UpstreamPeer? best = null;
        var bestScore = 0.0;
        var many = false;
        var first = 0;
        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            if (selection.IsTried(i) || peer.IsUnavailable(now)) continue;
            var score = Score(peer);
            var better = best is null || score < bestScore
                || (score == bestScore && peer.Conns * best.Weight < best.Conns * peer.Weight);
            if (better)
            {
                best = peer;
                bestScore = score;
                many = false;
                first = i;
            }
            else if (score == bestScore && peer.Conns * best!.Weight == best.Conns * peer.Weight)
            {
                many = true;
            }
        }

        if (best is null)
            return RoundRobinPolicy.SwitchToBackup(selection) ? PickPeer(selection) : null;

        long total = 0;
        if (many)
        {
            var leader = best;
            for (var i = first; i < peers.Count; i++)
            {
                var peer = peers[i];
                if (selection.IsTried(i) || peer.IsUnavailable(now)) continue;
                if (Score(peer) != bestScore || peer.Conns * leader.Weight != leader.Conns * peer.Weight) continue;
                peer.CurrentWeight += peer.EffectiveWeight;
                total += peer.EffectiveWeight;
                if (peer.EffectiveWeight < peer.Weight) peer.EffectiveWeight++;
                if (peer.CurrentWeight > best.CurrentWeight) best = peer;
            }
        }

        best.CurrentWeight -= total;
        best.MarkChosen(now);
        selection.Current = best;
        selection.MarkTried(best.Index);
        return best;
    }

    private double Score(UpstreamPeer peer)
    {
        var average = Metric == LeastTimeMetric.Header ? peer.AverageHeaderMs : peer.AverageLastByteMs;
        var load = Inflight ? 1 + peer.Conns : 1;
        return average * load / peer.Weight;
    }

    /// <summary>Folds one answered request's timings into the peer's moving averages.</summary>
    internal static void Record(UpstreamPeer peer, TimeSpan? headerTime, TimeSpan? lastByteTime)
    {
        if (headerTime is { } header) peer.AverageHeaderMs = Fold(peer.AverageHeaderMs, header.TotalMilliseconds);
        if (lastByteTime is { } lastByte) peer.AverageLastByteMs = Fold(peer.AverageLastByteMs, lastByte.TotalMilliseconds);
    }

    private static double Fold(double average, double sample) =>
        average == 0 ? sample : average + Smoothing * (sample - average);
}

/// <summary><c>least_time header|last_byte [inflight];</c> (NGINX Plus's <c>ngx_http_upstream_least_time_module</c>).</summary>
public sealed class LeastTimeBalancer : IBalancer
{
    public DirectiveKey Directive => UpstreamLeastTimeDirectives.LeastTime;
    public IReadOnlyList<string> Names { get; } = [LoadBalancingPolicies.LeastTime];

    public BalancingMethod? Read(IReadOnlyList<string> args) => new(LoadBalancingPolicies.LeastTime)
    {
        Metric = args.Count > 0 && args[0] == "last_byte" ? LeastTimeMetric.LastByte : LeastTimeMetric.Header,
        Inflight = args.Count > 1 && args[1] == "inflight",
    };

    public ILoadBalancingPolicy Create(BalancingMethod method, PeerList primary, Random random) => new LeastTimePolicy(method.Metric, method.Inflight);
}
