namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// Which <c>server</c> parameters a balancing method accepts (nginx's NGX_HTTP_UPSTREAM_* flags).
/// The flags in force when a <c>server</c> line is read decide; a method directive written after
/// the servers does not re-check them, exactly as nginx.
/// </summary>
[Flags]
public enum ServerParameterSupport
{
    None = 0,
    Weight = 1,
    MaxConns = 2,
    MaxFails = 4,
    FailTimeout = 8,
    Down = 16,
    Backup = 32,
    All = Weight | MaxConns | MaxFails | FailTimeout | Down | Backup,
}

public static class ServerParameterSupportExtensions
{
    /// <summary>The flags each method sets: ip_hash, hash and random forbid <c>backup</c>.</summary>
    public static ServerParameterSupport For(string method) => method switch
    {
        LoadBalancingPolicies.IpHash or LoadBalancingPolicies.Hash or LoadBalancingPolicies.ConsistentHash
            or LoadBalancingPolicies.Random or LoadBalancingPolicies.RandomTwo
            => ServerParameterSupport.All & ~ServerParameterSupport.Backup,
        _ => ServerParameterSupport.All,
    };
}
