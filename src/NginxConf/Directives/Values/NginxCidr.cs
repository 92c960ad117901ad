using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// An address with an optional <c>/bits</c> as nginx's <c>ngx_ptocidr</c> reads it (<c>allow</c>,
/// <c>deny</c>, later <c>set_real_ip_from</c> and <c>geo</c>): a dotted quad of exactly four
/// numbers (ngx_inet_addr: no <c>127.1</c>, and <c>255.255.255.255</c> is INADDR_NONE, refused), or an
/// IPv6 address without brackets or zone. Bits the mask clears are cleared from the address, and
/// <see cref="LowBitsSet"/> says so (nginx's warning "low address bits of X are meaningless").
/// </summary>
public sealed record NginxCidr(AddressFamily Family, byte[] Address, byte[] Mask, bool LowBitsSet)
{
    public static Parsed<NginxCidr> Parse(string text)
    {
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        byte[] address;
        AddressFamily family;
        if (ParseInet(addressText) is { } v4)
        {
            address = v4;
            family = AddressFamily.InterNetwork;
        }
        else if (ParseInet6(addressText) is { } v6)
        {
            address = v6;
            family = AddressFamily.InterNetworkV6;
        }
        else
        {
            return Invalid(text);
        }

        var bits = address.Length * 8;
        if (slash >= 0)
        {
            var maskText = text.AsSpan(slash + 1);
            if (maskText.Length == 0 || !int.TryParse(maskText, NumberStyles.None, CultureInfo.InvariantCulture, out bits) || bits > address.Length * 8)
                return Invalid(text);
        }

        var mask = new byte[address.Length];
        var lowBits = false;
        for (var i = 0; i < mask.Length; i++)
        {
            var take = Math.Clamp(bits - i * 8, 0, 8);
            mask[i] = (byte)(0xff << (8 - take));
            if ((address[i] & mask[i]) != address[i])
            {
                lowBits = true;
                address[i] &= mask[i];
            }
        }
        return Parsed<NginxCidr>.Success(new NginxCidr(family, address, mask, lowBits));
    }

    /// <summary>True when <paramref name="address"/> (4 or 16 bytes, this block's family) is inside the block.</summary>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        if (address.Length != Address.Length) return false;
        for (var i = 0; i < address.Length; i++)
            if ((address[i] & Mask[i]) != Address[i]) return false;
        return true;
    }

    /// <summary>ngx_parse_addr: an IPv4 address as ngx_inet_addr reads it, else an IPv6 one as ngx_inet6_addr; null when neither.</summary>
    public static IPAddress? ParseAddress(string text) =>
        ParseInet(text) is { } v4 ? new IPAddress(v4) : ParseInet6(text) is { } v6 ? new IPAddress(v6) : null;

    private static Parsed<NginxCidr> Invalid(string text) => Parsed<NginxCidr>.Fail($"invalid parameter \"{text}\"");

    /// <summary>ngx_inet_addr: four decimal octets separated by dots; 255.255.255.255 is its failure value.</summary>
    private static byte[]? ParseInet(string text)
    {
        var result = new byte[4];
        int octet = 0, dots = 0, digits = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                octet = octet * 10 + (c - '0');
                if (octet > 255) return null;
                digits++;
                continue;
            }
            if (c == '.' && digits > 0 && dots < 3)
            {
                result[dots++] = (byte)octet;
                octet = 0;
                digits = 0;
                continue;
            }
            return null;
        }
        if (dots != 3 || digits == 0) return null;
        result[3] = (byte)octet;
        return result is [255, 255, 255, 255] ? null : result;
    }

    /// <summary>ngx_inet6_addr: hex groups, one "::", an IPv4 tail; no brackets, zone or prefix.</summary>
    private static byte[]? ParseInet6(string text)
    {
        if (text.Length == 0 || !text.Contains(':')) return null;
        foreach (var c in text)
            if (!(char.IsAsciiHexDigit(c) || c is ':' or '.')) return null;
        return IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6 ? parsed.GetAddressBytes() : null;
    }
}
