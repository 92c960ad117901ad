using System.Text;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Waf.Engine;

namespace ProxyServer.Runtime.Waf.Logging;

/// <summary>
/// The <c>NAXSI_FMT</c> line naxsi writes to the error log, which nxapi and fail2ban recipes parse:
/// <c>ip=..&amp;server=..&amp;uri=..&amp;config=..&amp;rid=..</c>, then <c>cscoreN/scoreN</c> per counter,
/// then <c>zoneN/idN/var_nameN</c> per fired rule. Values are percent-encoded as nginx+naxsi writes
/// them: everything but letters, digits and <c>-._~</c> (<c>%2F</c>, <c>%2C</c>, <c>%3B</c>); the
/// NAXSI_FMT <c>uri=</c> is encoded twice, once with <see cref="EscapeUri"/> and once so. The
/// <c>uri</c> arguments are nginx's <c>$uri</c> as a byte string (one char per byte).
/// </summary>
public static class NaxsiLogLine
{
    public const string Prefix = "NAXSI_FMT: ";

    public static string Format(WafResult result, string clientIp, string server, string uri, string requestId)
    {
        var line = new StringBuilder(Prefix);
        line.Append("ip=").Append(Escape(clientIp))
            .Append("&server=").Append(Escape(server))
            .Append("&uri=").Append(Escape(EscapeUri(uri)))
            .Append("&config=").Append(result.Mode)
            .Append("&rid=").Append(Escape(requestId));
        for (var i = 0; i < result.Scores.Count; i++)
            line.Append("&cscore").Append(i).Append('=').Append(result.Scores[i].Key)
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
            .Append("&uri=").Append(Escape(System.Text.Encoding.Latin1.GetBytes(uri)))
            .Append("&id=").Append(match.RuleId)
            .Append("&zone=").Append(match.ZoneLogName)
            .Append("&var_name=").Append(Escape(match.VariableName))
            .Append("&content=").Append(Escape(match.Content))
            .ToString();

    /// <summary>Percent-encodes all but letters, digits and <c>-._~</c>, the bytes of <paramref name="text"/>'s UTF-8.</summary>
    private static string Escape(string text) =>
        text.AsSpan().IndexOfAnyExcept(Unreserved) < 0 ? text : Escape(Encoding.UTF8.GetBytes(text));

    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (b < 0x80 && Unreserved.Contains((char)b)) builder.Append((char)b);
            else builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }

    /// <summary>
    /// naxsi's first encoding of the URI (the JSON log's <c>uri</c> and <c>$naxsi_uri</c> are this alone):
    /// space, control bytes, <c>"#%&amp;+;&lt;&gt;?\^`{|}</c> and bytes from 0x7F, of a byte string.
    /// </summary>
    public static string EscapeUri(string byteString) => UriEscaping.Escape(byteString, UriSpecials);

    private static readonly System.Buffers.SearchValues<char> UriSpecials = System.Buffers.SearchValues.Create("\"#%&+;<>?\\^`{|}");

    private static readonly System.Buffers.SearchValues<char> Unreserved = System.Buffers.SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");
}
