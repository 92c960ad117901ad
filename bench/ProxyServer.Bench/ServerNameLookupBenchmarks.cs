using BenchmarkDotNet.Attributes;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Servers;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Bench;

/// <summary>
/// server_name lookup per request as names grow: exact, leading and trailing wildcard hits and a
/// miss should cost the same at 10 and at 10,000 names (hash probes per label, no scan). Regex
/// names are tried in order as nginx tries them: a host matching the last one pays for them all
/// (measured at a tenth as many regexes as names).
/// </summary>
[MemoryDiagnoser]
public class ServerNameLookupBenchmarks
{
    private ServerNameTable _table = null!;
    private string _exact = "", _leading = "", _trailing = "", _regex = "";

    [Params(10, 1_000, 10_000)]
    public int Names { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_exact, _leading, _trailing, _regex) = ($"host{Names / 2}.example.com", $"a.b.tenant{Names / 2}.example.net",
            $"www.brand{Names / 2}.co.uk", $"r{(Names - 1) / 10}.eu.example.org");
        _table = new ServerNameTable();
        for (var i = 0; i < Names; i++)
        {
            var server = Server($"s{i}");
            _table.AddExact($"host{i}.example.com", server);
            _table.AddLeading($"tenant{i}.example.net", server);
            _table.AddTrailing($"www.brand{i}", server);
            if (i % 10 == 0) _table.AddRegex(Regex($@"^r{i / 10}\.(?<zone>[a-z]+)\.example\.org$"), server);
        }
    }

    [Benchmark] public VirtualServer? Exact() => _table.Find(_exact, null);
    [Benchmark] public VirtualServer? LeadingWildcard() => _table.Find(_leading, null);
    [Benchmark] public VirtualServer? TrailingWildcard() => _table.Find(_trailing, null);
    [Benchmark] public VirtualServer? LastRegex() => _table.Find(_regex, null);
    [Benchmark] public VirtualServer? Miss() => _table.Find("nobody.example.org", null);

    private static NginxRegex Regex(string pattern) =>
        NginxRegex.Compile(pattern, caseless: false, new CompileContext(new CompileOptions(), []), default)
        ?? throw new InvalidOperationException($"bad regex {pattern}");

    internal static VirtualServer Server(string name) => new()
    {
        Names = [name],
        Root = new LocationConfig { Kind = LocationKind.Server, Name = "", Position = default, Core = new CoreLocationSettings(), Features = new FeatureCollection() },
        NamedLocations = new Dictionary<string, LocationConfig>(),
        Position = default,
    };
}
