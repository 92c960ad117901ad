using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives;
namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>
/// <c>random</c> and <c>random two [least_conn]</c> (<c>ngx_http_upstream_random_module</c>): a peer drawn
/// with probability weight/total; with <c>two</c>, a second distinct one is drawn and the one with
/// fewer connections per weight wins (the first on a tie). Unusable draws are retried; after 20
/// misses, round robin. nginx draws with <c>random()</c>, so sequences are not reproducible: only the
/// distribution and the rules are.
/// </summary>
public sealed class RandomPolicy : ILoadBalancingPolicy
{
    private readonly long[] _rangeStarts;
    private readonly Random _random;

    public RandomPolicy(PeerList primary, bool two, Random random)
    {
        Two = two;
        _random = random;
        _rangeStarts = new long[primary.Count];
        long start = 0;
        for (var i = 0; i < primary.Count; i++)
        {
            _rangeStarts[i] = start;
            start += primary.Peers[i].Weight;
        }
    }

    public bool Two { get; }

    public string Name => Two ? LoadBalancingPolicies.RandomTwo : LoadBalancingPolicies.Random;

    public UpstreamPeer? PickPeer(PeerSelection selection)
    {
        if (selection.MethodTries > 20 || selection.Peers.Single) return RoundRobinPolicy.GetPeer(selection);

        var now = selection.Now;
        var peers = selection.Peers.Peers;
        UpstreamPeer? previous = null;
        UpstreamPeer peer;
        while (true)
        {
            peer = peers[Draw(selection.Peers.TotalWeight)];
            var usable = peer != previous && !selection.IsTried(peer.Index) && !peer.IsUnavailable(now);
            if (usable)
            {
                if (!Two) break;
                if (previous is not null)
                {
                    if (peer.Conns * previous.Weight > previous.Conns * peer.Weight) peer = previous;
                    break;
                }
                previous = peer;
            }
            if (++selection.MethodTries > 20) return RoundRobinPolicy.GetPeer(selection);
        }

        selection.Current = peer;
        peer.MarkChosen(now);
        selection.MarkTried(peer.Index);
        return peer;
    }

    /// <summary>Index of the peer whose weight range holds a uniform draw (binary search on range starts).</summary>
    private int Draw(long totalWeight)
    {
        var x = _random.NextInt64(totalWeight);
        int i = 0, j = _rangeStarts.Length;
        while (j - i > 1)
        {
            var k = (i + j) / 2;
            if (x < _rangeStarts[k]) j = k;
            else i = k;
        }
        return i;
    }
}

/// <summary><c>random [two [least_conn]];</c> (<c>ngx_http_upstream_random_module</c>).</summary>
public sealed class RandomBalancer : IBalancer
{
    public DirectiveKey Directive => UpstreamRandomDirectives.Random;
    public IReadOnlyList<string> Names { get; } = [LoadBalancingPolicies.Random, LoadBalancingPolicies.RandomTwo];

    public BalancingMethod? Read(IReadOnlyList<string> args) =>
        new(args.Count > 0 && args[0] == "two" ? LoadBalancingPolicies.RandomTwo : LoadBalancingPolicies.Random);

    public ILoadBalancingPolicy Create(BalancingMethod method, PeerList primary, Random random) =>
        new RandomPolicy(primary, two: method.Name == LoadBalancingPolicies.RandomTwo, random);
}
