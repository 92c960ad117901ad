using ProxyServer.Runtime.Dynamic.Routing;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Config;

namespace ProxyServer.Runtime.Dynamic.LiveUpstream;

/// <summary>
/// A <c>server NAME[:PORT] resolve [parameters]</c> line (nginx 1.27.3+ syntax): the parameters make a
/// template every resolved address inherits; the name is looked up by the resolver, not at load.
/// </summary>
public sealed record ResolvableServer(string Host, int Port, UpstreamServer Template)
{
    /// <summary>Null when the line has no <c>resolve</c> (an ordinary server); throws <see cref="FormatException"/> with nginx's wording.</summary>
    public static ResolvableServer? TryParse(IReadOnlyList<string> arguments, ServerParameterSupport support)
    {
        if (arguments.Count == 0 || !arguments.Skip(1).Contains("resolve")) return null;
        var address = arguments[0];
        var (template, error) = ServerParameterParser.Apply(new UpstreamServer(address, []), arguments.Skip(1).Where(a => a != "resolve"), support);
        if (error is not null) throw new FormatException(error);
        if (!HostPort.TrySplit(address, out var host, out var port)) throw new FormatException($"invalid port in upstream \"{address}\"");
        if (host.Length == 0 || address.Contains('/')) throw new FormatException($"invalid host in upstream \"{address}\"");
        return new ResolvableServer(host, port ?? 80, template);
    }
}
