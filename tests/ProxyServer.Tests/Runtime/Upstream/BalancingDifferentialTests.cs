using System.Net;

namespace ProxyServer.Tests.Runtime.Upstream;

/// <summary>
/// The same request sequence through a real nginx 1.22 and through our balancer must reach the same
/// backends in the same order (and fail with 502 at the same requests).
/// </summary>
public sealed class BalancingDifferentialTests(NginxBalancingPair pair) : IClassFixture<NginxBalancingPair>
{
    public static TheoryData<string> SequentialScenarios => new()
    {
        "rr_equal", "rr_weighted", "rr_down", "rr_dead", "rr_dead_mf3", "rr_dead_mf0", "rr_backup", "rr_all_dead",
        "rr_single_dead", "lc_weighted", "lc_backup", "hash_empty",
    };

    [Theory]
    [MemberData(nameof(SequentialScenarios))]
    public async Task SameBackendSequence_AsNginx(string name)
    {
        var scenario = BalancingScenarios.All.Single(s => s.Name == name);
        var paths = Enumerable.Range(0, 40).Select(i => $"r{i}").ToList();
        await AssertSameSequence(scenario, paths.Select(p => (p, (IPAddress?)null)).ToList());
    }

    [Theory]
    [InlineData("ip_weighted")]
    [InlineData("ip_dead")]
    public async Task IpHash_ManySourceAddresses_SameBackends(string name)
    {
        var scenario = BalancingScenarios.All.Single(s => s.Name == name);
        var random = new Random(4);
        var requests = Enumerable.Range(0, 150)
            .Select(i => ($"r{i}", (IPAddress?)new IPAddress([127, (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(1, 255)])))
            .ToList();
        // the same clients again: each must stick to its backend
        requests.AddRange(requests.Take(30).ToList());
        await AssertSameSequence(scenario, requests);
    }

    [Theory]
    [InlineData("hash_weighted")]
    [InlineData("hash_dead")]
    [InlineData("chash_weighted")]
    [InlineData("chash_dead")]
    public async Task Hash_HundredsOfKeys_SameBackends(string name)
    {
        var scenario = BalancingScenarios.All.Single(s => s.Name == name);
        var requests = Enumerable.Range(0, 300).Select(i => ($"key/{i * 7919 % 1000}?v={i % 13}", (IPAddress?)null)).ToList();
        await AssertSameSequence(scenario, requests);
    }

    private async Task AssertSameSequence(BalancingScenario scenario, IReadOnlyList<(string Path, IPAddress? Source)> requests)
    {
        var nginx = new List<string>();
        foreach (var (path, source) in requests) nginx.Add(await pair.AskNginxAsync(scenario, path, source));

        var group = pair.BuildGroup(scenario);
        var ours = requests.Select(r => pair.AskOurs(group, scenario, r.Path, r.Source)).ToList();

        Assert.True(nginx.Distinct().Count() > 1 || scenario.Name.Contains("dead"), $"{scenario}: nginx answered only {nginx[0]}");
        Assert.Equal(string.Join(",", nginx), string.Join(",", ours));
    }
}
