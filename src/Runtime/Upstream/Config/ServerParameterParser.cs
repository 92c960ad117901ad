using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// Applies the parameters of a <c>server</c> line to an <see cref="UpstreamServer"/> with the directive
/// table's parser (<see cref="UpstreamServerParameters"/>), one parameter at a time so the first bad one
/// is reported, as nginx does, before the address is looked at.
/// </summary>
public static class ServerParameterParser
{
    private const string AnyAddress = "127.0.0.1";

    public static (UpstreamServer Server, string? Error) Apply(UpstreamServer server, IEnumerable<string> parameters,
        ServerParameterSupport support)
    {
        var all = parameters.ToList();
        foreach (var parameter in all)
        {
            var one = UpstreamServerParameters.Parse([AnyAddress, parameter]);
            if (one.Value is not { } parsed) return (server, one.Error);
            var refused = (UpstreamServerFlags)~support & parsed.Used;
            if (refused != UpstreamServerFlags.None) return (server, $"balancing method does not support parameter \"{parameter}\"");
        }
        var p = UpstreamServerParameters.Parse([AnyAddress, .. all]).Value!;
        return (server with
        {
            Weight = p.Weight,
            MaxFails = p.MaxFails,
            FailTimeout = p.FailTimeout,
            MaxConns = p.MaxConns,
            Backup = p.Backup,
            Down = p.Down,
            SlowStart = p.SlowStart ?? TimeSpan.Zero,
        }, null);
    }
}
