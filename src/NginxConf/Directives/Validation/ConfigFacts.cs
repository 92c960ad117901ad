using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// What the walk learned that concerns more than one directive: upstream groups, proxy targets, listen
/// sockets, log formats. Checked once the whole tree is read, as nginx does in its init phase.
/// </summary>
public sealed class ConfigFacts
{
    public Dictionary<string, UpstreamState> Upstreams { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Literal <c>proxy_pass</c> hosts (no variables): an upstream name or a host to resolve.</summary>
    public List<(HostPort Target, ConfigArgument At)> ProxyTargets { get; } = [];

    /// <summary>Names in upstream <c>server</c> lines and <c>listen</c>, resolved at start-up by nginx.</summary>
    public List<(string Host, string Message, ConfigArgument At)> HostsToResolve { get; } = [];

    public HashSet<string> LogFormats { get; } = new(StringComparer.Ordinal) { "combined" };

    /// <summary>The first <c>default_server</c> per socket and whether bind options were set on it.</summary>
    public Dictionary<string, ConfigDirective> DefaultServers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> SocketsWithOptions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ServerState> Servers { get; } = [];

    public HashSet<string> LoadedModules { get; } = new(StringComparer.Ordinal);

    public ConfigDirective? Events { get; set; }

    /// <summary>NGINX Plus's health_check and match blocks (Checks/HealthCheckChecks).</summary>
    public HealthCheckFacts HealthChecks { get; } = new();

    /// <summary>Shared memory zones by name, case-sensitive as nginx compares them (Checks/LimitChecks).</summary>
    public Dictionary<string, SharedZoneState> SharedZones { get; } = new(StringComparer.Ordinal);
}

/// <summary>An <c>upstream</c> block as its directives describe it.</summary>
public sealed class UpstreamState(string name, ConfigDirective directive)
{
    public string Name { get; } = name;
    public ConfigDirective Directive { get; } = directive;

    /// <summary>nginx's balancing method name as written (<c>round_robin</c> until one is set).</summary>
    public string Method { get; set; } = "round_robin";

    /// <summary>The server parameters the current method allows (nginx checks servers written after it).</summary>
    public UpstreamServerFlags Allowed { get; set; } = UpstreamServerFlags.All;

    public List<UpstreamServerParameters> Servers { get; } = [];
}

/// <summary>A <c>server</c> block: its listens and names, for socket-level checks.</summary>
public sealed class ServerState(ConfigDirective directive)
{
    public ConfigDirective Directive { get; } = directive;
    public List<(ListenParameters Listen, ConfigDirective At)> Listens { get; } = [];
    public List<(string Name, ConfigArgument At)> Names { get; } = [];
    public List<(LocationPattern Pattern, ConfigDirective At)> Locations { get; } = [];
}

/// <summary>A <c>location</c> block: its pattern and the locations nested directly inside it.</summary>
public sealed class LocationState(LocationPattern pattern, ConfigDirective directive)
{
    public LocationPattern Pattern { get; } = pattern;
    public ConfigDirective Directive { get; } = directive;
    public List<(LocationPattern Pattern, ConfigDirective At)> Locations { get; } = [];
}

/// <summary>
/// A shared memory zone as ngx_shared_memory_add records it: one namespace for <c>limit_req_zone</c>,
/// <c>limit_conn_zone</c> and upstream <c>zone</c>; the size stays 0 while only users name it.
/// </summary>
public sealed class SharedZoneState(string name, string module, ConfigDirective firstUse)
{
    public string Name { get; } = name;

    /// <summary>The module that declared it (nginx's tag): a name used by another is "declared for a different use".</summary>
    public string Module { get; } = module;

    public ConfigDirective FirstUse { get; } = firstUse;
    public long Size { get; set; }

    /// <summary>The key of the <c>limit_*_zone</c> that defined it, once one has.</summary>
    public string? Key { get; set; }
}
