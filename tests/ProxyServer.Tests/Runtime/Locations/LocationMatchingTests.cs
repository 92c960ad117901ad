using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Locations;

/// <summary>Location search and URI normalisation, answered by real nginx and by us for the same requests.</summary>
public sealed class LocationMatchingTests(LocationMatchingTests.Servers servers) : IClassFixture<LocationMatchingTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 200 "root $uri|$args\n"; }
                location = / { return 200 "exact-root\n"; }
                location = /exact { return 200 "exact $uri\n"; }
                location /exact { return 200 "prefix-exact $uri\n"; }
                location /images/ { return 200 "images $uri\n"; }
                location ^~ /static/ { return 200 "static-noregex $uri\n"; }
                location ~ \.(gif|jpg)$ { return 200 "regex-img $1 $uri\n"; }
                location ~* \.PNG$ { return 200 "regex-png-caseless $uri\n"; }
                location ~ ^/re/(?<first>[a-z]+)/(\d+) { return 200 "named $first $2 $1\n"; }
                location ~ ^/re/ { return 200 "second regex\n"; }
                location /nest/ {
                    location /nest/inner/ { return 200 "nested-inner $uri\n"; }
                    location ~ \.txt$ { return 200 "nested-regex $uri\n"; }
                    return 200 "nest $uri\n";
                }
                location /internal-only { internal; return 200 "internal\n"; }
                location @named { return 200 "named location\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    public static TheoryData<string> Targets => new()
    {
        "/", "/exact", "/exact/", "/exactly", "/images/a", "/images/a.gif", "/static/a.gif", "/x/a.gif",
        "/x/A.png", "/x/a.PNG", "/re/abc/42", "/re/ABC/42", "/re/", "/nest/", "/nest/inner/x", "/nest/inner/x.txt",
        "/nest/a.txt", "/nest/a.gif", "/internal-only", "/@named",
        "/a%20b", "/a%2fb", "/a/%2e%2e/b", "/a/../b", "/a/./b/.", "/a//b///c", "/../a", "/a/../../b", "/%2e%2e/x",
        "/a%zz", "/a%", "/a?x=1&y=2", "/a?", "/a#frag", "/a%3Fb?c=d", "/a%23b", "/a+b%2B",
        "/images/../static/a.gif", "/exact?x", "/EXACT",
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task SameAnswerAsNginx(string target) => await servers.Pair.AssertSameAsync(RawHttp.Get(target));
}
