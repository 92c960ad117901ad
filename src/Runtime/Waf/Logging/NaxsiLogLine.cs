using System.Text;
using ProxyServer.Runtime.Waf.Engine;

namespace ProxyServer.Runtime.Waf.Logging;

/// <summary>
/// The <c>NAXSI_FMT</c> line naxsi writes to the error log, which nxapi and fail2ban recipes parse:
/// <c>ip=..&amp;server=..&amp;uri=..&amp;config=..&amp;rid=..</c>, then <c>cscoreN/scoreN</c> per counter,
/// then <c>zoneN/idN/var_nameN</c> per fired rule.
/// </summary>
public static class NaxsiLogLine
{
    public const string Prefix = "NAXSI_FMT: ";

    public static string Format(WafResult result, string clientIp, string server, string uri, string requestId)
    {
        var line = new StringBuilder(Prefix);
        line.Append("ip=").Append(Escape(clientIp))
            .Append("&server=").Append(Escape(server))
            .Append("&uri=").Append(Escape(uri))
            .Append("&config=").Append(result.Mode)
            .Append("&rid=").Append(Escape(requestId));
        for (var i = 0; i < result.Scores.Count; i++)
            line.Append("&cscore").Append(i).Append('=').Append(Escape(result.Scores[i].Key))
                .Append("&score").Append(i).Append('=').Append(result.Scores[i].Value);
        for (var i = 0; i < result.Matches.Count; i++)
        {
            var match = result.Matches[i];
            line.Append("&zone").Append(i).Append('=').Append(match.ZoneLogName)
                .Append("&id").Append(i).Append('=').Append(match.RuleId)
                .Append("&var_name").Append(i).Append('=').Append(Escape(match.VariableName));
        }
        return line.ToString();
    }

    public const string ExtensivePrefix = "NAXSI_EXLOG: ";

    /// <summary>
    /// The NAXSI_EXLOG line naxsi writes for each match when <c>$naxsi_extensive_log</c> is on
    /// (nxapi learns whitelists from them): where the rule fired and the content it saw there.
    /// </summary>
    public static string FormatExtensive(WafMatch match, string clientIp, string server, string uri, string requestId) =>
        new StringBuilder(ExtensivePrefix)
            .Append("ip=").Append(Escape(clientIp))
            .Append("&server=").Append(Escape(server))
            .Append("&rid=").Append(Escape(requestId))
            .Append("&uri=").Append(Escape(uri))
            .Append("&id=").Append(match.RuleId)
            .Append("&zone=").Append(match.ZoneLogName)
            .Append("&var_name=").Append(Escape(match.VariableName))
            .Append("&content=").Append(Escape(match.Content))
            .ToString();

    /// <summary>Percent-encodes what would break the <c>key=value&amp;</c> structure or the log line.</summary>
    private static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAnyExcept(Safe) < 0) return text;
        var builder = new StringBuilder(text.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b < 0x80 && Safe.Contains((char)b)) builder.Append((char)b);
            else builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Safe = System.Buffers.SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:@!$'()*+,;[]|");
}
