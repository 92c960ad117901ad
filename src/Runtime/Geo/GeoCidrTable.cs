using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Runtime.Geo;

/// <summary>
/// A <c>geo</c> block of networks (nginx's two radix trees, IPv4 and IPv6): the value of the longest
/// network holding the address. A network is one (prefix, length) node: adding one that has a value is
/// nginx's NGX_BUSY (the caller warns and replaces it), deleting one without a value fails. Both trees
/// end with <c>0/0</c> and <c>::/0</c> as the default (<c>""</c> unless <c>default</c> set them).
/// </summary>
public sealed class GeoCidrTable
{
    private readonly Dictionary<(int Bits, uint Prefix), string> _inet = [];
    private readonly Dictionary<(int Bits, UInt128 Prefix), string> _inet6 = [];
    private int[] _inetLengths = [];
    private int[] _inet6Lengths = [];

    /// <summary>ngx_radix32tree_insert / ngx_radix128tree_insert; false when the network already has a value (NGX_BUSY).</summary>
    public bool Add(AddressFamily family, byte[] address, int bits, string value) =>
        family == AddressFamily.InterNetwork ? _inet.TryAdd((bits, Inet(address)), value) : _inet6.TryAdd((bits, Inet6(address)), value);

    public string? Find(AddressFamily family, byte[] address, int bits) =>
        family == AddressFamily.InterNetwork
            ? _inet.GetValueOrDefault((bits, Inet(address)))
            : _inet6.GetValueOrDefault((bits, Inet6(address)));

    public void Replace(AddressFamily family, byte[] address, int bits, string value)
    {
        if (family == AddressFamily.InterNetwork) _inet[(bits, Inet(address))] = value;
        else _inet6[(bits, Inet6(address))] = value;
    }

    /// <summary>ngx_radix32tree_delete / ngx_radix128tree_delete; false when the network has no value.</summary>
    public bool Delete(AddressFamily family, byte[] address, int bits) =>
        family == AddressFamily.InterNetwork ? _inet.Remove((bits, Inet(address))) : _inet6.Remove((bits, Inet6(address)));

    /// <summary>After the block: the null value at 0/0 and ::/0 unless <c>default</c> set them, and the lengths to search, longest first.</summary>
    public void Complete()
    {
        _inet.TryAdd((0, 0), "");
        _inet6.TryAdd((0, UInt128.Zero), "");
        _inetLengths = _inet.Keys.Select(k => k.Bits).Distinct().OrderDescending().ToArray();
        _inet6Lengths = _inet6.Keys.Select(k => k.Bits).Distinct().OrderDescending().ToArray();
    }

    /// <summary>ngx_radix32tree_find: the value of the longest network holding <paramref name="address"/>.</summary>
    public string Lookup(uint address)
    {
        foreach (var bits in _inetLengths)
        {
            var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
            if (_inet.TryGetValue((bits, address & mask), out var value)) return value;
        }
        return "";
    }

    /// <summary>ngx_radix128tree_find.</summary>
    public string Lookup(UInt128 address)
    {
        foreach (var bits in _inet6Lengths)
        {
            var mask = bits == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - bits);
            if (_inet6.TryGetValue((bits, address & mask), out var value)) return value;
        }
        return "";
    }

    /// <summary>ngx_http_geo_cidr_variable: an IPv4-mapped IPv6 address is looked up among the IPv4 networks.</summary>
    public string Lookup(IPAddress? address)
    {
        if (address is null) return Lookup(uint.MaxValue);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? Lookup(Inet(bytes)) : Lookup(Inet6(bytes));
    }

    public static uint Inet(byte[] address) => BinaryPrimitives.ReadUInt32BigEndian(address);

    public static UInt128 Inet6(byte[] address) => BinaryPrimitives.ReadUInt128BigEndian(address);
}
