using System.Net;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Waf.Config;

/// <summary>
/// Everything naxsi applies in one location once contexts are merged: the global MainRules plus the
/// inherited BasicRules, the whitelists of both, CheckRules and switches. Immutable; rules are
/// indexed by zone once here so a request only tries the rules that can see each part of it.
/// </summary>
public sealed class WafPolicy
{
    public bool Enabled { get; }
    public bool Learning { get; }
    public bool LibInjectionSql { get; }
    public bool LibInjectionXss { get; }
    public string? DeniedUrl { get; }
    /// <summary>The <c>NaxsiLogFile</c> directives in force here (none: NAXSI_FMT lines go to the error log).</summary>
    public IReadOnlyList<ConfigDirective> LogDirectives { get; }
    /// <summary>The first <c>NaxsiLogFile</c> destination as written, or null.</summary>
    public string? LogFile => LogDirectives.Count > 0 ? LogDirectives[0].Args[0].Value : null;
    public IReadOnlyList<NaxsiRule> Rules { get; }
    public IReadOnlyList<NaxsiWhitelist> Whitelists { get; }
    public IReadOnlyList<CheckRule> CheckRules { get; }
    public IReadOnlyList<IPNetwork> IgnoredClients { get; }

    private readonly ZoneRules[] _zoneRules;

    public WafPolicy(
        bool enabled,
        bool learning,
        string? deniedUrl,
        IReadOnlyList<NaxsiRule> rules,
        IReadOnlyList<NaxsiWhitelist> whitelists,
        IReadOnlyList<CheckRule> checkRules,
        IReadOnlyList<IPNetwork>? ignoredClients = null,
        bool libInjectionSql = false,
        bool libInjectionXss = false,
        IReadOnlyList<ConfigDirective>? logDirectives = null)
    {
        Enabled = enabled;
        Learning = learning;
        DeniedUrl = deniedUrl;
        Rules = rules;
        Whitelists = whitelists;
        CheckRules = checkRules;
        IgnoredClients = ignoredClients ?? [];
        LibInjectionSql = libInjectionSql;
        LibInjectionXss = libInjectionXss;
        LogDirectives = logDirectives ?? [];
        _zoneRules = new ZoneRules[ZoneIndex(RequestZone.FileExt) + 1];
        foreach (var zone in Enum.GetValues<RequestZone>().Where(z => z != RequestZone.None))
            _zoneRules[ZoneIndex(zone)] = new ZoneRules(zone, rules);
    }

    internal ZoneRules RulesFor(RequestZone zone) => _zoneRules[ZoneIndex(zone)];

    /// <summary>
    /// Whether naxsi parses <paramref name="zone"/> at all: only when some rule (MainRule or
    /// BasicRule) looks at it; the body's zones (BODY, RAW_BODY, FILE_EXT) are parsed together.
    /// </summary>
    internal bool Parses(RequestZone zone) => zone is RequestZone.Body or RequestZone.RawBody or RequestZone.FileExt
        ? !RulesFor(RequestZone.Body).IsEmpty || !RulesFor(RequestZone.RawBody).IsEmpty || !RulesFor(RequestZone.FileExt).IsEmpty
        : !RulesFor(zone).IsEmpty;

    private static int ZoneIndex(RequestZone zone) => System.Numerics.BitOperations.Log2((uint)zone);

    /// <summary>True when some whitelist of this location removes rule <paramref name="id"/> at that place.</summary>
    public bool IsWhitelisted(int id, RequestZone zone, string name, bool inName, string url)
    {
        foreach (var whitelist in Whitelists)
            if (whitelist.Covers(id, zone, name, inName, url)) return true;
        return false;
    }

    public bool IsIgnored(IPAddress? client)
    {
        if (client is null) return false;
        if (client.IsIPv4MappedToIPv6) client = client.MapToIPv4();
        foreach (var network in IgnoredClients)
            if (network.Contains(client)) return true;
        return false;
    }
}
