using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// Applies the parameters of a <c>server</c> line to an <see cref="UpstreamServer"/> with the directive
/// table's parser (<see cref="UpstreamServerParameters"/>); the address is read apart (it may be
/// resolved later), so a placeholder stands in for it here.
/// </summary>
public static class ServerParameterParser
{
    private const string AnyAddress = "127.0.0.1";

    public static (UpstreamServer Server, string? Error) Apply(UpstreamServer server, IEnumerable<string> parameters,
        ServerParameterSupport support)
    {
        var parsed = UpstreamServerParameters.Parse([AnyAddress, .. parameters], (UpstreamServerFlags)support);
        if (parsed.Value is not { } p) return (server, parsed.Error);
        return (server with
        {
            Weight = p.Weight,
            MaxFails = p.MaxFails,
            FailTimeout = p.FailTimeout,
            MaxConns = p.MaxConns,
            Backup = p.Backup,
            Down = p.Down,
            Drain = p.Drain,
            SlowStart = p.SlowStart ?? TimeSpan.Zero,
        }, null);
    }
}
