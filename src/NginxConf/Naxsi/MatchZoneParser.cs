using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>
/// Reads <c>mz:</c>: zone keywords and named variables separated by <c>|</c>. As nginx+naxsi reads it,
/// a <c>|</c> inside an <c>_X</c> regex belongs to the regex (<c>$ARGS_VAR_X:^(a|b)$</c>): only a
/// <c>|</c> followed by another item separates; plain and <c>_X</c> items may be mixed
/// (<c>$URL:/|$ARGS_VAR_X:^bla$</c>, which naxsi's own whitelists/drupal.rules uses), except a plain
/// <c>$URL:</c> after an <c>_X</c> item, which naxsi refuses.
/// </summary>
public static class MatchZoneParser
{
    private static readonly Dictionary<string, RequestZone> Zones = new(StringComparer.Ordinal)
    {
        ["ARGS"] = RequestZone.Args,
        ["BODY"] = RequestZone.Body,
        ["RAW_BODY"] = RequestZone.RawBody,
        ["URL"] = RequestZone.Url,
        ["HEADERS"] = RequestZone.Headers,
        ["FILE_EXT"] = RequestZone.FileExt,
    };

    private static readonly Dictionary<string, RequestZone> Variables = new(StringComparer.Ordinal)
    {
        ["$ARGS_VAR"] = RequestZone.Args,
        ["$BODY_VAR"] = RequestZone.Body,
        ["$HEADERS_VAR"] = RequestZone.Headers,
    };

    /// <summary>The items of an mz: split at each <c>|</c> that starts another item, never inside a regex.</summary>
    private static List<string> Items(string body)
    {
        var items = new List<string>();
        var start = 0;
        for (var bar = body.IndexOf('|'); bar >= 0; bar = body.IndexOf('|', bar + 1))
        {
            if (!StartsItem(body.AsSpan(bar + 1))) continue;
            items.Add(body[start..bar]);
            start = bar + 1;
        }
        items.Add(body[start..]);
        return items;
    }

    private static bool StartsItem(ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOf('|');
        var item = end < 0 ? rest : rest[..end];
        if (Zones.ContainsKey(item.ToString()) || item is "ANY" or "NAME") return true;
        var colon = rest.IndexOf(':');
        if (colon <= 0) return false;
        var key = rest[..colon].ToString();
        var baseKey = key.EndsWith("_X", StringComparison.Ordinal) ? key[..^2] : key;
        return baseKey == "$URL" || Variables.ContainsKey(baseKey);
    }

    public static MatchZone? Parse(string text, string body, SourcePosition at, ICollection<Diagnostic> diagnostics)
    {
        var zones = RequestZone.None;
        var variables = new List<VariableTarget>();
        UrlTarget? url = null;
        bool any = false, nameOnly = false, regexItems = false;

        foreach (var item in Items(body))
        {
            if (Zones.TryGetValue(item, out var zone)) { zones |= zone; continue; }
            if (item == "ANY") { any = true; continue; }
            if (item == "NAME") { nameOnly = true; continue; }

            var colon = item.IndexOf(':');
            var key = colon > 0 ? item[..colon] : item;
            var value = colon > 0 ? item[(colon + 1)..] : "";
            var isRegex = key.EndsWith("_X", StringComparison.Ordinal);
            var baseKey = isRegex ? key[..^2] : key;
            if (colon < 0 || (baseKey != "$URL" && !Variables.ContainsKey(baseKey)))
            {
                diagnostics.Add(Diagnostic.Error($"invalid match zone \"{text}\": unknown item \"{item}\"", at));
                return null;
            }
            if (value.Length == 0)
            {
                diagnostics.Add(Diagnostic.Error($"invalid match zone \"{text}\": \"{key}:\" needs a value", at));
                return null;
            }
            System.Text.RegularExpressions.Regex? regex = null;
            if (isRegex)
            {
                regex = WafRegex.TryCompile(value, out var reason);
                if (regex is null)
                {
                    diagnostics.Add(Diagnostic.Error($"invalid regex in match zone \"{text}\": {reason}", at));
                    return null;
                }
                regexItems = true;
            }
            else if (baseKey == "$URL" && regexItems)
            {
                diagnostics.Add(Diagnostic.Error($"invalid match zone \"{text}\": a plain $URL: cannot follow a regex (_X) item", at));
                return null;
            }
            if (baseKey == "$URL")
                url = new UrlTarget(isRegex ? null : value, regex);
            else
                variables.Add(new VariableTarget(Variables[baseKey], isRegex ? null : value, regex));
        }

        if (any && (zones != RequestZone.None || variables.Count > 0 || nameOnly))
        {
            diagnostics.Add(Diagnostic.Error($"invalid match zone \"{text}\": ANY can only be combined with $URL or $URL_X", at));
            return null;
        }
        if (any) zones = RequestZones.Any;
        return new MatchZone(zones, variables, url, nameOnly);
    }
}
