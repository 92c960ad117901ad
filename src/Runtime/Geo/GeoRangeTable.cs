using System.Net;

namespace ProxyServer.Runtime.Geo;

/// <summary>
/// A <c>geo</c> block with <c>ranges</c> (IPv4 only): for each /16, its ranges in address order, as
/// ngx_http_geo_add_range keeps them (a new range may split, shorten or replace one it falls inside of;
/// any other overlap is an error). An address outside every range takes the default.
/// </summary>
public sealed class GeoRangeTable
{
    private sealed class Range(ushort start, ushort end, string value)
    {
        public ushort Start = start;
        public ushort End = end;
        public string Value = value;
    }

    private readonly Dictionary<int, List<Range>> _high = [];

    public string Default { get; set; } = "";

    /// <summary>
    /// ngx_http_geo_add_range: null when added, else the error (<c>range "x" overlaps "a-b"</c>); a range equal to an
    /// existing one replaces its value and reports the old one through <paramref name="duplicateOf"/>.
    /// </summary>
    public string? Add(string net, uint start, uint end, string value, Action<string> warn)
    {
        for (ulong n = start; n <= end; n = (n + 0x10000) & ~0xffffUL)
        {
            var h = (int)(n >> 16);
            var s = n == start ? (uint)(n & 0xffff) : 0;
            var e = (n | 0xffff) > end ? end & 0xffff : 0xffff;
            if (!_high.TryGetValue(h, out var ranges)) _high[h] = ranges = [];
            var i = ranges.Count;
            var placed = false;
            while (i > 0)
            {
                i--;
                var r = ranges[i];
                if (e < r.Start) continue;
                if (s > r.End)
                {
                    ranges.Insert(i + 1, new Range((ushort)s, (ushort)e, value));
                    placed = true;
                    break;
                }
                if (s == r.Start && e == r.End)
                {
                    warn($"duplicate range \"{net}\", value: \"{value}\", old value: \"{r.Value}\"");
                    r.Value = value;
                    placed = true;
                    break;
                }
                if (s > r.Start && e < r.End)
                {
                    // Split the range and insert the new one.
                    ranges.Insert(i + 1, new Range((ushort)(e + 1), r.End, r.Value));
                    ranges.Insert(i + 1, new Range((ushort)s, (ushort)e, value));
                    r.End = (ushort)(s - 1);
                    placed = true;
                    break;
                }
                if (s == r.Start && e < r.End)
                {
                    // Shift the range's start, the new one before it.
                    ranges.Insert(i, new Range((ushort)s, (ushort)e, value));
                    r.Start = (ushort)(e + 1);
                    placed = true;
                    break;
                }
                if (s > r.Start && e == r.End)
                {
                    // Shift the range's end, the new one after it.
                    ranges.Insert(i + 1, new Range((ushort)s, (ushort)e, value));
                    r.End = (ushort)(s - 1);
                    placed = true;
                    break;
                }
                return $"range \"{net}\" overlaps \"{h >> 8}.{h & 0xff}.{r.Start >> 8}.{r.Start & 0xff}-{h >> 8}.{h & 0xff}.{r.End >> 8}.{r.End & 0xff}\"";
            }
            if (!placed) ranges.Add(new Range((ushort)s, (ushort)e, value));
        }
        return null;
    }

    /// <summary>ngx_http_geo_delete_range: removes the ranges equal to the given one per /16; true when some part was not there.</summary>
    public bool Delete(uint start, uint end)
    {
        var warn = false;
        for (ulong n = start; n <= end; n = (n + 0x10000) & ~0xffffUL)
        {
            var h = (int)(n >> 16);
            var s = n == start ? (uint)(n & 0xffff) : 0;
            var e = (n | 0xffff) > end ? end & 0xffff : 0xffff;
            if (!_high.TryGetValue(h, out var ranges))
            {
                warn = true;
                continue;
            }
            for (var i = 0; i < ranges.Count; i++)
            {
                var r = ranges[i];
                if (s == r.Start && e == r.End)
                {
                    ranges.RemoveAt(i);
                    break;
                }
                if (s != r.Start && e != r.End) continue;
                warn = true;
            }
        }
        return warn;
    }

    /// <summary>ngx_http_geo_range_variable: an address that is not IPv4 (nor IPv4-mapped) is looked up as 255.255.255.255.</summary>
    public string Lookup(IPAddress? address)
    {
        var inaddr = uint.MaxValue;
        if (address is not null)
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) inaddr = GeoCidrTable.Inet(address.GetAddressBytes());
        }
        if (_high.TryGetValue((int)(inaddr >> 16), out var ranges))
        {
            var n = inaddr & 0xffff;
            foreach (var r in ranges)
                if (n >= r.Start && n <= r.End) return r.Value;
        }
        return Default;
    }
}
