using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Variables;

/// <summary>map (exact, hostnames wildcards, regexes with captures, default, volatile) and core variables, against real nginx.</summary>
public sealed class MapTests(MapTests.Servers servers) : IClassFixture<MapTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            map $http_x_key $exact {
                default "none";
                alpha "A";
                Beta "B";
                ""   "empty";
                \default "literal-default";
            }
            map $host $by_host {
                hostnames;
                default "host-default";
                example.com "exact";
                *.example.com "leading";
                .wild.org "dot";
                www.tail.* "trailing";
                ~^(?<user>[a-z]+)\.users\.net$ "user-$user";
                ~*^CAPS\.(\w+)$ "caps-$1";
            }
            map $uri $by_uri {
                ~^/item/(\d+)$ "item $1";
                ~^/item/ "item-other";
            }
            map $arg_v $from_var {
                default $arg_fallback;
                one "1:$uri";
            }
            map $arg_n $no_default { x "X"; }
            server {
                listen 127.0.0.1:{{P0}};
                location / {
                    return 200 "exact=$exact by_host=$by_host by_uri=$by_uri from_var=$from_var no_default=[$no_default]\n";
                }
                location /item/ { return 200 "uri-map=$by_uri after=$1\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    public static TheoryData<string, string> Requests => new()
    {
        { "/", "example.com" }, { "/?v=one", "a.example.com" }, { "/?v=two&fallback=fb", "x.y.example.com" },
        { "/", "wild.org" }, { "/", "deep.wild.org" }, { "/", "www.tail.io" }, { "/", "bob.users.net" }, { "/", "caps.Thing" },
        { "/", "other.net" }, { "/item/42", "example.com" }, { "/item/x", "example.com" }, { "/?n=x", "example.com" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SameAnswerAsNginx(string target, string host) => await servers.Pair.AssertSameAsync(RawHttp.Get(target, host));

    public static TheoryData<string> Keys => new() { "alpha", "ALPHA", "beta", "default", "gamma" };

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task ExactKeys_SameAnswerAsNginx(string key) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get("/", "example.com", $"X-Key: {key}\r\n"));
}
