using System.Net;
using System.Net.Sockets;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// Decides whether a host name in a config resolves, as nginx does at start-up, without needing the
/// network unless asked: IP literals and the hosts file always; DNS only with <see cref="ValidationOptions.ResolveWithDns"/>.
/// </summary>
public sealed class HostResolution
{
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase) { "localhost" };
    private readonly bool _useDns;

    public HostResolution(string hostsFile, bool useDns)
    {
        _useDns = useDns;
        try
        {
            if (File.Exists(hostsFile))
                foreach (var line in File.ReadLines(hostsFile))
                {
                    var text = line.Split('#')[0];
                    var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                    foreach (var name in fields.Skip(1)) _hosts.Add(name);
                }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public enum Outcome { Resolved, NotFound, NotLookedUp }

    public Outcome Resolve(string host)
    {
        var bare = host.Trim('[', ']');
        if (bare is "*" or "" || IPAddress.TryParse(bare, out _) || _hosts.Contains(bare)) return Outcome.Resolved;
        if (!_useDns) return Outcome.NotLookedUp;
        try
        {
            var lookup = Dns.GetHostAddressesAsync(bare);
            return lookup.Wait(TimeSpan.FromSeconds(5)) && lookup.Result.Length > 0 ? Outcome.Resolved : Outcome.NotFound;
        }
        catch (AggregateException e) when (e.InnerException is SocketException) { return Outcome.NotFound; }
        catch (SocketException) { return Outcome.NotFound; }
    }
}
