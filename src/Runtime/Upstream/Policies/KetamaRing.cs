using System.Buffers.Binary;
using System.Text;

namespace ProxyServer.Runtime.Upstream.Policies;

/// <summary>
/// nginx's consistent hash ring, compatible with Cache::Memcached::Fast: each primary peer puts
/// 160 points per weight unit on the ring, point k being crc32(HOST \0 PORT prev) where prev is the
/// previous point's hash as four little-endian bytes (zero at first) and HOST/PORT are split from the
/// server name as written (a trailing ":digits" is the port; "unix:" names have no port).
/// Points are sorted by hash; of equal hashes the first one stays.
/// </summary>
public sealed class KetamaRing
{
    public const int PointsPerWeight = 160;

    private readonly uint[] _hashes;
    private readonly int[] _servers;
    private readonly int[] _peerServers;

    public KetamaRing(PeerList peers)
    {
        // server names compared as nginx compares them (by text), numbered once so a lookup compares ints
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        _peerServers = peers.Peers.Select(p => ids.TryGetValue(p.Server, out var id) ? id : ids[p.Server] = ids.Count).ToArray();
        var points = new List<(uint Hash, int Server)>((int)peers.TotalWeight * PointsPerWeight);
        Span<byte> previous = stackalloc byte[4];
        foreach (var peer in peers.Peers)
        {
            var (host, port) = SplitServer(peer.Server);
            var baseHash = NginxCrc32.Update(NginxCrc32.Init, Encoding.UTF8.GetBytes(host));
            baseHash = NginxCrc32.Update(baseHash, [0]);
            baseHash = NginxCrc32.Update(baseHash, Encoding.UTF8.GetBytes(port));
            previous.Clear();
            for (var j = 0; j < peer.Weight * PointsPerWeight; j++)
            {
                var hash = NginxCrc32.Final(NginxCrc32.Update(baseHash, previous));
                points.Add((hash, _peerServers[peer.Index]));
                BinaryPrimitives.WriteUInt32LittleEndian(previous, hash);
            }
        }

        // a stable sort, as glibc's qsort (a merge sort) behaves: the first of equal hashes survives
        var sorted = points.OrderBy(p => p.Hash).ToList();
        var kept = new List<(uint Hash, int Server)>(sorted.Count);
        foreach (var point in sorted)
            if (kept.Count == 0 || kept[^1].Hash != point.Hash) kept.Add(point);
        _hashes = kept.Select(p => p.Hash).ToArray();
        _servers = kept.Select(p => p.Server).ToArray();
    }

    public int Count => _hashes.Length;

    public uint HashAt(int index) => _hashes[index];

    /// <summary>The server (numbered by distinct name) that owns point <paramref name="index"/> modulo the ring size.</summary>
    public int ServerAt(ulong index) => _servers[(int)(index % (ulong)_servers.Length)];

    /// <summary>The server number of the primary peer at <paramref name="peerIndex"/>.</summary>
    public int ServerOf(int peerIndex) => _peerServers[peerIndex];

    /// <summary>The first point whose hash is &gt;= <paramref name="hash"/> (may be Count: wraps to 0 later).</summary>
    public int FindPoint(uint hash)
    {
        int i = 0, j = _hashes.Length;
        while (i < j)
        {
            var k = (i + j) / 2;
            if (hash > _hashes[k]) i = k + 1;
            else if (hash < _hashes[k]) j = k;
            else return k;
        }
        return i;
    }

    internal static (string Host, string Port) SplitServer(string server)
    {
        if (server.Length >= 5 && server.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
            return (server[5..], "");
        for (var j = 0; j < server.Length; j++)
        {
            var c = server[server.Length - j - 1];
            if (c == ':') return (server[..(server.Length - j - 1)], server[(server.Length - j)..]);
            if (c < '0' || c > '9') break;
        }
        return (server, "");
    }
}
