using System.Globalization;
using ProxyServer.Runtime.Dynamic.Dns;

namespace ProxyServer.Runtime.Dynamic.KvServers;

/// <summary>
/// Parses a kv_servers value with the parameters and defaults of nginx's upstream <c>server</c>
/// (port 80, weight=1, max_fails=1, fail_timeout=10s) and its wording for bad ones
/// (<c>invalid parameter "weight=0"</c>).
/// </summary>
public static class KvServerLine
{
    public static KvServer Parse(string key, string value)
    {
        var words = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) throw new FormatException("value is empty");
        var (host, port) = ParseAddress(words[0]);
        int weight = 1, maxFails = 1;
        var failTimeout = TimeSpan.FromSeconds(10);
        bool backup = false, down = false;
        foreach (var word in words.Skip(1))
        {
            if (word.StartsWith("weight=", StringComparison.Ordinal))
                weight = PositiveInt(word, "weight=".Length, allowZero: false);
            else if (word.StartsWith("max_fails=", StringComparison.Ordinal))
                maxFails = PositiveInt(word, "max_fails=".Length, allowZero: true);
            else if (word.StartsWith("fail_timeout=", StringComparison.Ordinal))
                failTimeout = NginxTime.ParseSeconds(word["fail_timeout=".Length..]) ?? throw Invalid(word);
            else if (word == "backup")
                backup = true;
            else if (word == "down")
                down = true;
            else
                throw Invalid(word);
        }
        return new KvServer(key, host, port, weight, maxFails, failTimeout, backup, down);
    }

    /// <summary>Why <paramref name="value"/> is not a server line, or null when it is.</summary>
    public static string? Validate(string value)
    {
        try
        {
            Parse("", value);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    private static (string Host, int Port) ParseAddress(string text)
    {
        string host = text, port = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) throw new FormatException($"invalid host in \"{text}\"");
            host = text[1..close];
            if (!System.Net.IPAddress.TryParse(host, out _)) throw new FormatException($"invalid host in \"{text}\"");
            if (close + 1 < text.Length)
            {
                if (text[close + 1] != ':') throw new FormatException($"invalid host in \"{text}\"");
                port = text[(close + 2)..];
            }
        }
        else
        {
            var colon = text.IndexOf(':');
            if (colon >= 0)
            {
                host = text[..colon];
                port = text[(colon + 1)..];
            }
            if (host.Length == 0 || host.Length > 253 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
                throw new FormatException($"invalid host in \"{text}\"");
        }
        var number = 80;
        if ((port.Length > 0 || text.EndsWith(':')) &&
            (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
            throw new FormatException($"invalid port in \"{text}\"");
        return (host, number);
    }

    private static int PositiveInt(string word, int valueStart, bool allowZero)
    {
        if (!int.TryParse(word.AsSpan(valueStart), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || (!allowZero && number == 0))
            throw Invalid(word);
        return number;
    }

    private static FormatException Invalid(string word) => new($"invalid parameter \"{word}\"");
}
