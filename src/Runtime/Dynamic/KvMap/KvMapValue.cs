using System.Globalization;

namespace ProxyServer.Runtime.Dynamic.KvMap;

/// <summary>
/// What a kv_map value may be: an upstream group name or an address, <c>HOST[:PORT]</c> or
/// <c>[IPv6][:PORT]</c>, because it ends up in <c>proxy_pass http://$backend</c>. Anything else
/// (spaces, a scheme, a path, a bad port) is refused before it is served.
/// </summary>
public static class KvMapValue
{
    public static string? Validate(string value)
    {
        if (value.Length == 0) return "value is empty";
        string host = value, port = "";
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']');
            if (close < 0 || !System.Net.IPAddress.TryParse(value[1..close], out _)) return "value is not an address or upstream name";
            if (close + 1 < value.Length)
            {
                if (value[close + 1] != ':') return "value is not an address or upstream name";
                port = value[(close + 2)..];
            }
            host = "x";
        }
        else
        {
            var colon = value.IndexOf(':');
            if (colon >= 0)
            {
                host = value[..colon];
                port = value[(colon + 1)..];
            }
        }
        if (host.Length == 0 || host.Length > 253 || !host.All(IsNameCharacter)) return "value is not an address or upstream name";
        if (port.Length > 0 || value.EndsWith(':'))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
                return "value has an invalid port";
        }
        return null;
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';
}
