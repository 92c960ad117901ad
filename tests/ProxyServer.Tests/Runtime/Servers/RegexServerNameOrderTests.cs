using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Servers;

/// <summary>
/// Regex server names and map regexes are tried in config order, first match wins, however our
/// index narrows them by their literal prefixes and suffixes: names with and without literals are
/// interleaved here so that a wrong skip or a wrong order picks a different server than nginx.
/// </summary>
public sealed class RegexServerNameOrderTests(RegexServerNameOrderTests.Servers servers) : IClassFixture<RegexServerNameOrderTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            map $uri $by_uri {
                default "none";
                ~^/x\.(\w+)$  "ext-$1";
                ~\.php$       "php";
                ~^/a/         "under-a";
                ~*\.JPG$      "jpg";
                ~^/a/b\.php$  "never: php above wins";
            }
            server { listen 127.0.0.1:{{P0}} default_server; return 200 "default $host uri=$by_uri\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^api\.v2\.example\.com$; return 200 "1 $host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~\.example\.com$; return 200 "2 $host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^api\.; return 200 "3 $host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^(?<n>\d+)\.num\.org$; return 200 "4 $n $host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^(?i)MIXED\.org$; return 200 "5 $host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^Caps\.(org|net)$; return 200 "5b $1 $host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^a+b\.org$ ~^ab?c\.org$; return 200 "6 $host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^x|y\.net$; return 200 "7 $host\n"; }
            server { listen 127.0.0.1:{{P0}}; server_name ~^42\.num\.org$ ~\.org$; return 200 "8 $host\n"; }
            """);

        public void Dispose() => Pair.Dispose();
    }

    public static TheoryData<string> Hosts => new()
    {
        "api.v2.example.com", "api.example.com", "api.other.net", "shop.example.com", "42.num.org", "num.org",
        "mixed.org", "caps.org", "CAPS.net", "ab.org", "aab.org", "ac.org", "abc.org", "b.org", "xylophone.com", "a.y.net", "y.net",
        "other.org", "nothing.test",
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Host_PicksTheFirstMatchingRegexLikeNginx(string host) => await servers.Pair.AssertSameAsync(RawHttp.Get("/", host));

    [Theory]
    [InlineData("/x.html")]
    [InlineData("/x.php")]
    [InlineData("/a/b.php")]
    [InlineData("/a/b.php%0A")]
    [InlineData("/a/c")]
    [InlineData("/img/P.jpg")]
    [InlineData("/img/p.JpG")]
    [InlineData("/b.php/x")]
    public async Task MapRegexes_FirstMatchLikeNginx(string uri) => await servers.Pair.AssertSameAsync(RawHttp.Get(uri, "nothing.test"));
}
