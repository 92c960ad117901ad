using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// Which <c>server</c> parameters a balancing method accepts: the directive table's
/// <see cref="UpstreamServerFlags"/> (same bits), named for the runtime's callers.
/// </summary>
[Flags]
public enum ServerParameterSupport
{
    None = UpstreamServerFlags.None,
    Weight = UpstreamServerFlags.Weight,
    MaxConns = UpstreamServerFlags.MaxConns,
    MaxFails = UpstreamServerFlags.MaxFails,
    FailTimeout = UpstreamServerFlags.FailTimeout,
    Down = UpstreamServerFlags.Down,
    Backup = UpstreamServerFlags.Backup,
    All = UpstreamServerFlags.All,
}

public static class ServerParameterSupportExtensions
{
    /// <summary>The parameters the method's directive permits (ip_hash, hash and random refuse <c>backup</c>), as the table checks them.</summary>
    public static ServerParameterSupport For(string method) => (ServerParameterSupport)UpstreamChecks.AllowedBy(
        Balancers.All.FirstOrDefault(b => b.Names.Contains(method))?.Directive.Name ?? method);
}
