namespace ProxyServer.Runtime.Upstream;

/// <summary>Names of the balancing methods an <c>upstream</c> block can use, one constant per policy.</summary>
public static class LoadBalancingPolicies
{
    /// <summary>nginx's default: smooth weighted round robin (no directive).</summary>
    public const string RoundRobin = "round_robin";

    /// <summary><c>least_conn</c>: fewest active connections relative to weight, round robin among ties.</summary>
    public const string LeastConn = "least_conn";

    /// <summary><c>ip_hash</c>: first three IPv4 octets (whole IPv6 address) hashed with nginx's 113/6271 hash.</summary>
    public const string IpHash = "ip_hash";

    /// <summary><c>hash KEY</c>: crc32 of the evaluated key over the weighted peer list, Cache::Memcached compatible.</summary>
    public const string Hash = "hash";

    /// <summary><c>hash KEY consistent</c>: nginx's Ketama ring, 160 points per weight unit.</summary>
    public const string ConsistentHash = "hash_consistent";

    /// <summary><c>random</c>: a weighted random peer.</summary>
    public const string Random = "random";

    /// <summary><c>random two [least_conn]</c>: two weighted random peers, the one with fewer connections wins.</summary>
    public const string RandomTwo = "random_two";

    /// <summary><c>least_time header|last_byte [inflight]</c>: lowest moving-average response time per weight (NGINX Plus's method, ours for everyone).</summary>
    public const string LeastTime = "least_time";
}
