using ProxyServer.Runtime.Upstream;
using static ProxyServer.Tests.Runtime.Upstream.ServerLine;

namespace ProxyServer.Tests.Runtime.Upstream;

/// <summary>Every upstream the differential tests run through nginx and through ours; one nginx pair serves them all.</summary>
public static class BalancingScenarios
{
    private static ServerLine L(int backend, string parameters = "") => new(backend, parameters);

    private static readonly BalancingMethod RoundRobin = BalancingMethod.RoundRobin;
    private static readonly BalancingMethod LeastConn = new(LoadBalancingPolicies.LeastConn);
    private static readonly BalancingMethod IpHash = new(LoadBalancingPolicies.IpHash);
    private static readonly BalancingMethod Hash = new(LoadBalancingPolicies.Hash) { Key = "$request_uri" };
    private static readonly BalancingMethod Consistent = new(LoadBalancingPolicies.ConsistentHash) { Key = "$request_uri" };

    public static readonly BalancingScenario RrEqual = new("rr_equal", "", RoundRobin, L(0), L(1), L(2));
    public static readonly BalancingScenario RrWeighted = new("rr_weighted", "", RoundRobin, L(0, "weight=5"), L(1), L(2, "weight=2"));
    public static readonly BalancingScenario RrDown = new("rr_down", "", RoundRobin, L(0, "weight=2"), L(1, "down"), L(2), L(3, "weight=3"));
    public static readonly BalancingScenario RrDead = new("rr_dead", "", RoundRobin, L(0), L(Dead, "weight=3"), L(1, "weight=2"));
    public static readonly BalancingScenario RrDeadMaxFails3 = new("rr_dead_mf3", "", RoundRobin, L(0), L(Dead, "weight=6 max_fails=3"), L(1, "weight=2"));
    public static readonly BalancingScenario RrDeadMaxFails0 = new("rr_dead_mf0", "", RoundRobin, L(0), L(Dead, "max_fails=0 weight=2"), L(1));
    public static readonly BalancingScenario RrBackup = new("rr_backup", "", RoundRobin, L(Dead), L(Dead2, "max_fails=2"), L(3, "backup"), L(4, "backup weight=2"), L(5, "backup down"));
    public static readonly BalancingScenario RrAllDead = new("rr_all_dead", "", RoundRobin, L(Dead), L(Dead2, "max_fails=3"));
    public static readonly BalancingScenario RrSingleDead = new("rr_single_dead", "", RoundRobin, L(Dead));
    public static readonly BalancingScenario LcWeighted = new("lc_weighted", "least_conn;", LeastConn, L(0, "weight=3"), L(1, "weight=2"), L(Dead), L(2));
    public static readonly BalancingScenario LcBackup = new("lc_backup", "least_conn;", LeastConn, L(Dead), L(1, "down"), L(2, "backup"), L(3, "backup weight=3"));
    public static readonly BalancingScenario IpHashWeighted = new("ip_weighted", "ip_hash;", IpHash, L(0), L(1, "weight=3"), L(2, "down"), L(3, "weight=2"), L(4));
    public static readonly BalancingScenario IpHashDead = new("ip_dead", "ip_hash;", IpHash, L(0), L(Dead, "weight=2"), L(2), L(Dead2, "max_fails=2"));
    public static readonly BalancingScenario HashWeighted = new("hash_weighted", "hash $request_uri;", Hash, L(0), L(1, "weight=2"), L(2, "down"), L(3, "weight=3"), L(4));
    public static readonly BalancingScenario HashDead = new("hash_dead", "hash $request_uri;", Hash, L(0), L(Dead, "weight=3"), L(2), L(Dead2), L(4, "weight=2"));
    public static readonly BalancingScenario HashEmptyKey = new("hash_empty", "hash $arg_nothing;", Hash with { Key = "$arg_nothing" }, L(0), L(1, "weight=2"), L(2));
    public static readonly BalancingScenario ConsistentWeighted = new("chash_weighted", "hash $request_uri consistent;", Consistent, L(0), L(1, "weight=2"), L(2, "down"), L(3, "weight=3"), L(4));
    public static readonly BalancingScenario ConsistentDead = new("chash_dead", "hash $request_uri consistent;", Consistent, L(0), L(Dead, "weight=3"), L(2), L(Dead2, "max_fails=0"), L(4, "weight=2"));

    public static IReadOnlyList<BalancingScenario> All { get; } =
    [
        RrEqual, RrWeighted, RrDown, RrDead, RrDeadMaxFails3, RrDeadMaxFails0, RrBackup, RrAllDead, RrSingleDead,
        LcWeighted, LcBackup, IpHashWeighted, IpHashDead, HashWeighted, HashDead, HashEmptyKey,
        ConsistentWeighted, ConsistentDead,
    ];
}
