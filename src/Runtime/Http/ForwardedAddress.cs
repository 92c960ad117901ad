using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// The proxies an address may be taken from (realip's <c>set_real_ip_from</c>, geo's <c>proxy</c>): CIDR
/// blocks and, for <c>unix:</c>, every client on a unix socket (ngx_cidr_match: a block matches only
/// its own family; an IPv4 client is never matched by an IPv6 block or the other way round).
/// </summary>
public sealed class TrustedProxies(IReadOnlyList<NginxCidr> blocks, bool unix)
{
    public IReadOnlyList<NginxCidr> Blocks { get; } = blocks;
    public bool Unix { get; } = unix;

    public bool Match(ClientAddress client)
    {
        if (client.Ip is not { } ip) return Unix;
        var family = ip.AddressFamily;
        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out var length);
        foreach (var block in Blocks)
            if (block.Family == family && block.Contains(bytes[..length])) return true;
        return false;
    }
}

/// <summary>What <see cref="ForwardedAddress.Find"/> made of the forwarded addresses (nginx's return codes).</summary>
public enum ForwardedResult
{
    /// <summary>NGX_DECLINED: the client is not a trusted proxy, or its forwarded address did not parse.</summary>
    Declined,

    /// <summary>NGX_OK: the address was taken (recursively: every address up to the first was a trusted proxy).</summary>
    Found,

    /// <summary>NGX_DONE: recursively, an address was taken before an untrusted or unreadable one stopped the walk.</summary>
    Stopped,
}

/// <summary>
/// ngx_http_get_forwarded_addr: the client address a chain of trusted proxies reported, read from the
/// right of a header value (<c>X-Forwarded-For: a, b, c</c> names c first), walking on to the left while
/// <c>recursive</c> and the address just taken is itself a trusted proxy. Several header lines are read
/// last first, as one list.
/// </summary>
public static class ForwardedAddress
{
    /// <summary>
    /// Walks <paramref name="values"/> (header lines in order; the last is read first) from <paramref name="client"/>;
    /// <paramref name="address"/> is the last address taken (the client when none was).
    /// </summary>
    public static ForwardedResult Find(ClientAddress client, IReadOnlyList<string> values, TrustedProxies proxies, bool recursive, out ClientAddress address)
    {
        address = client;
        if (values.Count == 1) return FindIn(ref address, values[0], proxies, recursive);
        var result = ForwardedResult.Declined;
        var found = false;
        for (var i = values.Count - 1; i >= 0; i--)
        {
            result = FindIn(ref address, values[i], proxies, recursive);
            if (!recursive) break;
            if (result == ForwardedResult.Declined && found) return ForwardedResult.Stopped;
            if (result != ForwardedResult.Found) break;
            found = true;
        }
        return result;
    }

    /// <summary>ngx_http_get_forwarded_addr_internal: one header value, right to left.</summary>
    private static ForwardedResult FindIn(ref ClientAddress address, string value, TrustedProxies proxies, bool recursive)
    {
        var found = false;
        var length = value.Length;
        int start;
        do
        {
            if (!proxies.Match(address)) return found ? ForwardedResult.Stopped : ForwardedResult.Declined;
            // Trailing separators, then back to the one before the last address.
            var p = length - 1;
            for (; p > 0; p--, length--)
                if (value[p] is not (' ' or ',')) break;
            for (; p > 0; p--)
                if (value[p] is ' ' or ',')
                {
                    p++;
                    break;
                }
            start = Math.Max(p, 0);
            if (ParseAddressPort(value.AsSpan(start, Math.Max(length - start, 0))) is not { } parsed)
                return found ? ForwardedResult.Stopped : ForwardedResult.Declined;
            address = parsed;
            found = true;
            length = start - 1;
        } while (recursive && start > 0);
        return ForwardedResult.Found;
    }

    /// <summary>
    /// ngx_parse_addr_port: <c>ADDR</c>, <c>IPv4:PORT</c>, <c>[IPv6]:PORT</c> or a bare IPv6 address; the port
    /// is 0 when none is given. Null when it does not parse.
    /// </summary>
    public static ClientAddress? ParseAddressPort(ReadOnlySpan<char> text)
    {
        if (ParseAddress(text) is { } bare) return ClientAddress.Of(bare, 0);
        int colon;
        if (text.Length > 0 && text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0 || close == text.Length - 1 || text[close + 1] != ':') return null;
            colon = close + 1;
            text = text[1..];
            colon--;
            var port = ParsePort(text[(colon + 1)..]);
            return port > 0 && ParseAddress(text[..(colon - 1)]) is { } ip ? ClientAddress.Of(ip, port) : null;
        }
        colon = text.IndexOf(':');
        if (colon < 0) return null;
        var p = ParsePort(text[(colon + 1)..]);
        return p > 0 && ParseAddress(text[..colon]) is { } address ? ClientAddress.Of(address, p) : null;
    }

    /// <summary>ngx_parse_addr: an IPv4 address (ngx_inet_addr) or an IPv6 one (ngx_inet6_addr).</summary>
    public static IPAddress? ParseAddress(ReadOnlySpan<char> text) => text.Length == 0 ? null : NginxCidr.ParseAddress(text.ToString());

    /// <summary>ngx_atoi of a port, 1 to 65535; 0 otherwise.</summary>
    private static int ParsePort(ReadOnlySpan<char> text) =>
        text.Length > 0 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port : 0;
}
