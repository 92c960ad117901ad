using System.Net;
using ProxyServer.Runtime.Upstream.Policies;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// An <c>upstream</c> block at run time: primary and backup peers, the balancing policy, and the lock
/// that serialises every pick and free so the group behaves like nginx with one worker process.
/// </summary>
public sealed class UpstreamGroup
{
    private readonly Lock _lock = new();

    public UpstreamGroup(string name, IReadOnlyList<UpstreamServer> servers, BalancingMethod? method = null,
        TimeProvider? clock = null, Random? random = null)
    {
        Name = name;
        Method = method ?? BalancingMethod.RoundRobin;
        Clock = clock ?? TimeProvider.System;
        var hasBackup = servers.Any(s => s.Backup && s.Addresses.Count > 0);
        Primary = BuildList(servers.Where(s => !s.Backup), single: !hasBackup);
        if (Primary.Count == 0) throw new ArgumentException($"no servers in upstream \"{name}\"", nameof(servers));
        Backup = hasBackup ? BuildList(servers.Where(s => s.Backup), single: false) : null;
        Policy = LoadBalancingPolicyFactory.Create(Method, Primary, random ?? System.Random.Shared);
    }

    /// <summary>
    /// The one-peer group of a <c>unix:PATH</c> address evaluated per request (ngx_http_upstream_create_round_robin_peer
    /// for a resolved unix socket): the group and its peer are both named <c>unix:PATH</c>.
    /// </summary>
    public static UpstreamGroup OnUnixSocket(string path)
    {
        var name = "unix:" + path;
        return new UpstreamGroup(name, [new UpstreamServer(name, [new System.Net.Sockets.UnixDomainSocketEndPoint(path)])]);
    }

    public string Name { get; }
    public BalancingMethod Method { get; }
    public PeerList Primary { get; }
    public PeerList? Backup { get; }
    public ILoadBalancingPolicy Policy { get; }
    internal TimeProvider Clock { get; }

    /// <summary>Peers a request may try before giving up: non-down primaries plus non-down backups.</summary>
    public int Tries => Primary.Tries + (Backup?.Tries ?? 0);

    /// <summary>Starts balancing one request (nginx's <c>peer.init</c>).</summary>
    public PeerSelection Begin(IPAddress? clientAddress = null, string? hashKey = null) =>
        new(this, clientAddress, hashKey);

    internal long Now => Clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Held for every pick and free of this group's peers.</summary>
    internal Lock SyncRoot => _lock;

    private static PeerList BuildList(IEnumerable<UpstreamServer> servers, bool single)
    {
        var peers = new List<UpstreamPeer>();
        foreach (var server in servers)
            foreach (var address in server.Addresses)
                peers.Add(new UpstreamPeer(server, address, peers.Count));
        return new PeerList(peers, single && peers.Count == 1);
    }
}
