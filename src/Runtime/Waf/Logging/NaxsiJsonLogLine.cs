using System.Text;
using ProxyServer.Runtime.Waf.Engine;

namespace ProxyServer.Runtime.Waf.Logging;

/// <summary>
/// naxsi's JSON logs (<c>$naxsi_json_log</c>): the same fields as <see cref="NaxsiLogLine"/>, as one
/// JSON object per line with no prefix, scores and ids as numbers. Strings are escaped as naxsi
/// escapes them: the usual backslash escapes, and every other byte outside printable ASCII (the
/// bytes of UTF-8 text included) as <c>\u00XX</c>; the <c>uri</c> (a byte string, nginx's <c>$uri</c>)
/// is first percent-encoded as naxsi encodes it (<see cref="NaxsiLogLine.EscapeUri"/>).
/// </summary>
public static class NaxsiJsonLogLine
{
    public static string Format(WafResult result, string clientIp, string server, string uri, string requestId)
    {
        var json = new StringBuilder("{");
        String(json, "ip", clientIp);
        String(json, "server", server);
        String(json, "uri", Encoding.Latin1.GetBytes(NaxsiLogLine.EscapeUri(uri)));
        String(json, "config", result.Mode);
        String(json, "rid", requestId);
        for (var i = 0; i < result.Scores.Count; i++)
        {
            String(json, "cscore" + i, result.Scores[i].Key);
            Number(json, "score" + i, result.Scores[i].Value);
        }
        for (var i = 0; i < result.Matches.Count; i++)
        {
            var match = result.Matches[i];
            String(json, "zone" + i, match.ZoneLogName);
            Number(json, "id" + i, match.RuleId);
            String(json, "var_name" + i, match.VariableName);
        }
        return json.Append('}').ToString();
    }

    /// <summary>The JSON form of a NAXSI_EXLOG line (<c>$naxsi_extensive_log</c> with <c>$naxsi_json_log</c>).</summary>
    public static string FormatExtensive(WafMatch match, string clientIp, string server, string uri, string requestId)
    {
        var json = new StringBuilder("{");
        String(json, "ip", clientIp);
        String(json, "server", server);
        String(json, "rid", requestId);
        String(json, "uri", System.Text.Encoding.Latin1.GetBytes(uri));
        Number(json, "id", match.RuleId);
        String(json, "zone", match.ZoneLogName);
        String(json, "var_name", match.VariableName);
        String(json, "content", match.Content);
        return json.Append('}').ToString();
    }

    private static void Key(StringBuilder json, string key)
    {
        if (json.Length > 1) json.Append(',');
        json.Append('"').Append(key).Append("\":");
    }

    private static void Number(StringBuilder json, string key, int value)
    {
        Key(json, key);
        json.Append(value);
    }

    private static void String(StringBuilder json, string key, string value) => String(json, key, Encoding.UTF8.GetBytes(value));

    private static void String(StringBuilder json, string key, byte[] value)
    {
        Key(json, key);
        json.Append('"');
        foreach (var b in value)
        {
            switch (b)
            {
                case (byte)'\n': json.Append("\\n"); break;
                case (byte)'\r': json.Append("\\r"); break;
                case (byte)'\\': json.Append("\\\\"); break;
                case (byte)'\t': json.Append("\\t"); break;
                case (byte)'"': json.Append("\\\""); break;
                case (byte)'\f': json.Append("\\f"); break;
                case (byte)'\b': json.Append("\\b"); break;
                case < 0x20 or >= 0x7f: json.Append("\\u00").Append(b.ToString("x2")); break;
                default: json.Append((char)b); break;
            }
        }
        json.Append('"');
    }
}
