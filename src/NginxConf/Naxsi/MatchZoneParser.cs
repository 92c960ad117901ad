using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>Reads <c>mz:</c>: zone keywords and named variables separated by <c>|</c>.</summary>
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

    public static MatchZone? Parse(string text, string body, SourcePosition at, ICollection<Diagnostic> diagnostics)
    {
        var zones = RequestZone.None;
        var variables = new List<VariableTarget>();
        UrlTarget? url = null;
        bool any = false, nameOnly = false, regexItems = false, plainItems = false;

        foreach (var item in body.Split('|'))
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
            else
            {
                plainItems = true;
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
        if (regexItems && plainItems)
        {
            diagnostics.Add(Diagnostic.Error($"invalid match zone \"{text}\": regex (_X) and plain $..._VAR/$URL items cannot be mixed", at));
            return null;
        }
        if (any) zones = RequestZones.Any;
        return new MatchZone(zones, variables, url, nameOnly);
    }
}
