using System.Reflection;
using System.Text;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Policies;
using static ProxyServer.Tests.Runtime.Upstream.PolicyTestGroups;

namespace ProxyServer.Tests.Runtime.Upstream;

public sealed class PolicyUnitTests
{
    [Fact]
    public void EveryPolicyName_HasAHandlerWithThatName()
    {
        var names = typeof(LoadBalancingPolicies).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(names.Order(), LoadBalancingPolicyFactory.Names.Order());
        foreach (var name in names)
        {
            var group = Create(new BalancingMethod(name) { Key = "$uri" }, Server(1), Server(2));
            Assert.Equal(name, group.Policy.Name);
        }
    }

    [Fact]
    public void Crc32_IsTheIeeeCrc()
    {
        Assert.Equal(0xCBF43926u, NginxCrc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, NginxCrc32.Compute([]));
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", "8080")]
    [InlineData("backend.example.com", "backend.example.com", "")]
    [InlineData("[::1]:81", "[::1]", "81")]
    [InlineData("UNIX:/tmp/a.sock", "/tmp/a.sock", "")]
    [InlineData("host:8a", "host:8a", "")]
    public void KetamaRing_SplitsTheServerNameAsWritten(string server, string host, string port) =>
        Assert.Equal((host, port), KetamaRing.SplitServer(server));

    [Fact]
    public void RoundRobin_Weighted_IsSmooth()
    {
        // nginx's documented example: weights 5,1,1 give a a b a c a a, not a a a a a b c
        var group = Create(BalancingMethod.RoundRobin, Server(1, 5), Server(2), Server(3));
        var sequence = string.Join(" ", Enumerable.Range(0, 7).Select(_ => PickAndFree(group)[7..8]));
        Assert.Equal("1 1 2 1 3 1 1", sequence);
    }

    [Fact]
    public void LeastConn_AvoidsBusyPeers_RelativeToWeight()
    {
        var group = Create(new BalancingMethod(LoadBalancingPolicies.LeastConn), Server(1, 2), Server(2));
        var held = new List<PeerSelection>();
        var picks = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var selection = group.Begin();
            picks.Add(selection.Pick()!.Server[7..8]);
            held.Add(selection);
        }
        // conns/weight stays balanced: the weight-2 peer carries twice the open connections
        Assert.Equal(4, picks.Count(p => p == "1"));
        Assert.Equal(2, picks.Count(p => p == "2"));
        foreach (var selection in held) selection.Free(PeerOutcome.Success);
        Assert.All(group.Primary.Peers, p => Assert.Equal(0, p.Conns));
    }

    [Fact]
    public void Random_FollowsWeights_AndNeverPicksDown()
    {
        var group = Create(new BalancingMethod(LoadBalancingPolicies.Random), Server(1, 1), Server(2, 3), Server(3, down: true));
        var counts = Enumerable.Range(0, 8000).Select(_ => PickAndFree(group)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.False(counts.ContainsKey("10.0.0.3:80"));
        Assert.InRange(counts["10.0.0.2:80"] / 8000.0, 0.72, 0.78);
    }

    [Fact]
    public void RandomTwo_PrefersTheLessLoadedOfTwoDraws()
    {
        var group = Create(new BalancingMethod(LoadBalancingPolicies.RandomTwo), Server(1), Server(2));
        var busy = group.Begin();
        var busyPeer = busy.Pick()!;
        // with two peers both draws cover both peers: the idle one always wins
        for (var i = 0; i < 50; i++) Assert.NotEqual(busyPeer.Server, PickAndFree(group));
        busy.Free(PeerOutcome.Success);
    }

    [Fact]
    public void FailedPeer_IsDisabledForFailTimeout_ThenBackupTakesOver()
    {
        var group = Create(BalancingMethod.RoundRobin, Server(1), Server(2, backup: true));
        var selection = group.Begin();
        Assert.Equal("10.0.0.1:80", selection.Pick()!.Server);
        Assert.True(selection.Free(PeerOutcome.Failed));
        Assert.Equal("10.0.0.2:80", selection.Pick()!.Server);
        selection.Free(PeerOutcome.Success);
        Assert.Equal("10.0.0.2:80", PickAndFree(group));
    }

    [Fact]
    public void LeastTime_ShiftsTrafficToTheFastPeer()
    {
        var group = Create(new BalancingMethod(LoadBalancingPolicies.LeastTime), Server(1), Server(2));
        var picks = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var selection = group.Begin();
            var peer = selection.Pick()!;
            var slow = peer.Server == "10.0.0.1:80";
            selection.Free(PeerOutcome.Success, headerTime: TimeSpan.FromMilliseconds(slow ? 200 : 10));
            picks.Add(peer.Server);
        }
        // both are measured once, then the fast one wins every time
        Assert.Equal(1, picks.Count(p => p == "10.0.0.1:80"));
    }

    [Fact]
    public void LeastTime_Inflight_CountsOpenRequestsAgainstAPeer()
    {
        var group = Create(new BalancingMethod(LoadBalancingPolicies.LeastTime) { Inflight = true }, Server(1), Server(2));
        foreach (var (server, ms) in new[] { ("10.0.0.1:80", 10), ("10.0.0.2:80", 25) })
        {
            var selection = group.Begin();
            while (selection.Pick()!.Server != server) selection.Free(PeerOutcome.Next);
            selection.Free(PeerOutcome.Success, headerTime: TimeSpan.FromMilliseconds(ms));
        }
        var open = new List<PeerSelection>();
        var picks = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var selection = group.Begin();
            picks.Add(selection.Pick()!.Server);
            open.Add(selection);
        }
        // 10ms peer: scores 10, 20, 30; 25ms peer: 25, 50 -> 1, 1, 2, 1
        Assert.Equal(["10.0.0.1:80", "10.0.0.1:80", "10.0.0.2:80", "10.0.0.1:80"], picks);
    }
}
