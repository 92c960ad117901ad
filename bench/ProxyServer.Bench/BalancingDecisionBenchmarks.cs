using System.Net;
using BenchmarkDotNet.Attributes;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Bench;

/// <summary>
/// The cost of one balancing decision (begin, pick, free as success) per method and group size,
/// the work each proxied request adds on top of forwarding.
/// </summary>
[MemoryDiagnoser]
public class BalancingDecisionBenchmarks
{
    private UpstreamGroup _group = null!;
    private string[] _keys = null!;
    private IPAddress[] _clients = null!;
    private int _next;

    [Params(2, 32, 1024)]
    public int Peers { get; set; }

    [Params(LoadBalancingPolicies.RoundRobin, LoadBalancingPolicies.LeastConn, LoadBalancingPolicies.IpHash,
        LoadBalancingPolicies.Hash, LoadBalancingPolicies.ConsistentHash, LoadBalancingPolicies.Random,
        LoadBalancingPolicies.RandomTwo, LoadBalancingPolicies.LeastTime)]
    public string Policy { get; set; } = LoadBalancingPolicies.RoundRobin;

    [GlobalSetup]
    public void Setup()
    {
        var servers = Enumerable.Range(0, Peers)
            .Select(i => UpstreamServer.Literal($"10.{i / 65536}.{i / 256 % 256}.{i % 256}:8080") with { Weight = 1 + i % 3 })
            .ToList();
        _group = new UpstreamGroup("bench", servers, new BalancingMethod(Policy) { Key = "$request_uri" });
        _keys = Enumerable.Range(0, 4096).Select(i => $"/items/{i}?page={i % 7}").ToArray();
        _clients = Enumerable.Range(0, 4096).Select(i => new IPAddress([192, (byte)(i >> 8), (byte)i, 1])).ToArray();
    }

    [Benchmark]
    public UpstreamPeer Decide()
    {
        var i = _next++ & 4095;
        var selection = _group.Begin(_clients[i], _keys[i]);
        var peer = selection.Pick()!;
        selection.Free(PeerOutcome.Success, TimeSpan.FromMilliseconds(1 + i % 5), TimeSpan.FromMilliseconds(2 + i % 5));
        return peer;
    }
}
