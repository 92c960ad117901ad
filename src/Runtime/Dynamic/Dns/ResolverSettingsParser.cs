using System.Globalization;
using System.Net;
using ProxyServer.Runtime.Upstream.Config;

namespace ProxyServer.Runtime.Dynamic.Dns;

/// <summary>
/// Reads the arguments of <c>resolver</c> the way nginx's <c>ngx_resolver_create</c> does and words
/// its errors the same way (<c>invalid parameter: valid=x</c>, <c>invalid port in resolver "..."</c>).
/// Addresses must be IP literals: a host name would need the very resolver being configured.
/// </summary>
public static class ResolverSettingsParser
{
    public static ResolverSettings Parse(IReadOnlyList<string> arguments, TimeSpan? timeout = null)
    {
        var servers = new List<IPEndPoint>();
        TimeSpan? valid = null;
        bool ipv4 = true, ipv6 = true;
        foreach (var argument in arguments)
        {
            if (argument.StartsWith("valid=", StringComparison.Ordinal))
            {
                valid = (NginxNumbers.ParseSeconds(argument["valid=".Length..]) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null)
                    ?? throw new FormatException($"invalid parameter: {argument}");
            }
            else if (argument.StartsWith("ipv4=", StringComparison.Ordinal))
            {
                ipv4 = OnOff(argument, "ipv4=".Length);
            }
            else if (argument.StartsWith("ipv6=", StringComparison.Ordinal))
            {
                ipv6 = OnOff(argument, "ipv6=".Length);
            }
            else
            {
                servers.Add(ParseServer(argument));
            }
        }
        if (!ipv4 && !ipv6) throw new FormatException($"\"ipv4\" and \"ipv6\" cannot both be \"off\"");
        if (servers.Count == 0) throw new FormatException("invalid number of arguments in \"resolver\" directive");
        return new ResolverSettings
        {
            Servers = servers,
            Valid = valid,
            Ipv4 = ipv4,
            Ipv6 = ipv6,
            Timeout = timeout ?? ResolverSettings.DefaultTimeout,
        };
    }

    private static bool OnOff(string argument, int valueStart) => argument[valueStart..] switch
    {
        "on" => true,
        "off" => false,
        _ => throw new FormatException($"invalid parameter: {argument}"),
    };

    /// <summary><c>1.2.3.4</c>, <c>1.2.3.4:5353</c>, <c>[::1]</c>, <c>[::1]:5353</c>; port 53 by default.</summary>
    private static IPEndPoint ParseServer(string text)
    {
        string host = text, port = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) throw new FormatException($"invalid host in resolver \"{text}\"");
            host = text[1..close];
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':') throw new FormatException($"invalid host in resolver \"{text}\"");
                port = text[(close + 2)..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':');
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        if (!IPAddress.TryParse(host, out var address))
            throw new FormatException($"host not found in resolver \"{text}\"");
        var number = 53;
        if (port.Length > 0 && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
            throw new FormatException($"invalid port in resolver \"{text}\"");
        return new IPEndPoint(address, number);
    }
}
