using BenchmarkDotNet.Attributes;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;

namespace ProxyServer.Bench;

/// <summary>
/// nginx's location search per request as a server's locations grow: an exact match, the longest
/// of many prefixes, the last of the regexes (tried in order, as nginx does) and a URI that only
/// the catch-all "/" matches after every regex failed.
/// </summary>
[MemoryDiagnoser]
public class LocationLookupBenchmarks
{
    private NginxRequest _request = null!;
    private string _exact = "", _prefix = "", _regex = "";

    /// <summary>Prefix and exact locations each; a tenth as many regexes.</summary>
    [Params(10, 100, 1_000)]
    public int Locations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var server = new System.Text.StringBuilder("server { listen 127.0.0.1:8080; location / { return 200; }\n");
        for (var i = 0; i < Locations; i++)
        {
            server.Append($"location /p{i}/ {{ return 200; }}\nlocation = /e{i} {{ return 200; }}\n");
            if (i % 10 == 0) server.Append($"location ~ ^/r{i / 10}/[a-z]+$ {{ return 200; }}\n");
        }
        (_exact, _prefix, _regex) = ($"/e{Locations - 1}", $"/p{Locations - 1}/images/logo.png", $"/r{Locations / 10 - 1}/abc");
        _request = CompiledConfig.FromHttpBlock(server.Append('}').ToString()).Request("localhost", "/");
    }

    [Benchmark] public LocationConfig Exact() => Find(_exact);
    [Benchmark] public LocationConfig LongestPrefix() => Find(_prefix);
    [Benchmark] public LocationConfig LastRegex() => Find(_regex);
    [Benchmark] public LocationConfig CatchAll() => Find("/nothing/else/matches.html");

    private LocationConfig Find(string uri)
    {
        var found = _request.Server.Root;
        _request.Server.Root.Children.Find(uri, _request, ref found);
        return found;
    }
}
