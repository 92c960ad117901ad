using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Locations;

namespace ProxyServer.Runtime.Model;

/// <summary>
/// One <c>server {}</c> block: its names (the first is <c>$server_name</c>), its own level (server
/// rewrite program, settings used when no location matches) with the location tree under it,
/// and its named locations.
/// </summary>
public sealed class VirtualServer
{
    public required IReadOnlyList<string> Names { get; init; }
    public required LocationConfig Root { get; init; }
    public required IReadOnlyDictionary<string, LocationConfig> NamedLocations { get; init; }
    public required SourcePosition Position { get; init; }

    /// <summary>nginx's <c>$server_name</c>: the first name (<c>.a.com</c> reads as <c>a.com</c>), "" when the server has none.</summary>
    public string PrimaryName => Names.Count == 0 ? "" : Names[0].StartsWith('.') ? Names[0][1..] : Names[0];

    public override string ToString() => $"server {PrimaryName} at {Position}";
}
