using System.Net;
using System.Net.Sockets;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Model;

/// <summary>
/// Everything a running server needs, compiled from one config and never changed afterwards:
/// the sockets to bind, the address configs requests are matched against, main settings, and
/// http-level state modules published (<see cref="Features"/>). A reload compiles a new model
/// and swaps one reference; requests already running keep the model they started with.
/// </summary>
public sealed class RuntimeModel
{
    private readonly Dictionary<(IPAddress, int), AddressConfig> _byAddress;
    private readonly Dictionary<string, AddressConfig> _byUnixPath;
    private readonly Dictionary<(AddressFamily, int), AddressConfig> _wildcardByPort;

    public RuntimeModel(MainSettings main, Logging.ErrorLog errorLog, IReadOnlyList<ListenAddress> sockets, IReadOnlyList<AddressConfig> addresses,
        int slotCount, FeatureCollection features, ProcessCycle cycle, ModelResources resources)
    {
        Main = main;
        ErrorLog = errorLog;
        Cycle = cycle;
        Resources = resources;
        Sockets = sockets;
        Addresses = addresses;
        SlotCount = slotCount;
        Features = features;
        var inet = addresses.Where(a => a.EndPoint is IPEndPoint).Select(a => (Ip: (IPEndPoint)a.EndPoint, Config: a)).ToList();
        _byAddress = inet.ToDictionary(a => (a.Ip.Address, a.Ip.Port), a => a.Config);
        _wildcardByPort = inet
            .Where(a => a.Ip.Address.Equals(IPAddress.Any) || a.Ip.Address.Equals(IPAddress.IPv6Any))
            .ToDictionary(a => (a.Ip.AddressFamily, a.Ip.Port), a => a.Config);
        _byUnixPath = addresses.Where(a => a.EndPoint is UnixDomainSocketEndPoint).ToDictionary(a => a.EndPoint.ToString()!, StringComparer.Ordinal);
    }

    public MainSettings Main { get; }

    /// <summary>The main error log (<c>error_log</c> in the main context, or <c>-e</c>).</summary>
    public Logging.ErrorLog ErrorLog { get; }

    /// <summary>The sockets to bind (a wildcard absorbs the specific addresses on its port, as nginx binds them).</summary>
    public IReadOnlyList<ListenAddress> Sockets { get; }
    public IReadOnlyList<AddressConfig> Addresses { get; }

    /// <summary>Per-request variable slots (set, named captures, map caches).</summary>
    public int SlotCount { get; }

    public FeatureCollection Features { get; }

    /// <summary>The process this model was compiled for: its counters, HTTP clients, running workers.</summary>
    public ProcessCycle Cycle { get; }

    /// <summary>What must run while this model serves (started by the process, not by the compile).</summary>
    public ModelResources Resources { get; }

    /// <summary>Connection limits Kestrel enforces (from http-level settings).</summary>
    public ServerLimits Limits { get; init; } = new();

    /// <summary>The address config for a connection's local endpoint: an IP endpoint, or the unix socket it came in on.</summary>
    public AddressConfig? FindAddress(EndPoint? local) => local switch
    {
        IPEndPoint ip => FindAddress(ip.Address, ip.Port),
        UnixDomainSocketEndPoint unix => _byUnixPath.GetValueOrDefault(unix.ToString()),
        _ => null,
    };

    /// <summary>The address config for a connection's local IP address and port.</summary>
    public AddressConfig? FindAddress(IPAddress? local, int port)
    {
        if (local is null) return null;
        if (local.IsIPv4MappedToIPv6) local = local.MapToIPv4();
        if (_byAddress.TryGetValue((local, port), out var exact)) return exact;
        if (_wildcardByPort.TryGetValue((local.AddressFamily, port), out var wildcard)) return wildcard;
        // An IPv6 socket with ipv6only=off also accepts IPv4 clients.
        var other = local.AddressFamily == AddressFamily.InterNetwork ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        return _wildcardByPort.GetValueOrDefault((other, port));
    }
}
