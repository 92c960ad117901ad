using ProxyServer.Tests.NginxConf.Directives;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.SplitClients;

/// <summary>split_clients against the real nginx: every key of a run lands in nginx's bucket (MurmurHash2 and the same shares), and nginx's errors.</summary>
public sealed class SplitClientsTests(SplitClientsTests.Servers servers) : IClassFixture<SplitClientsTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            split_clients "${arg_k}salt" $bucket {
                0.5%   tiny;
                33.33% a;
                25%    b;
                *      rest;
            }
            split_clients $arg_k $nostar {
                50%    half;
            }
            server {
                listen 127.0.0.1:{{P0}};
                location / { return 200 "$bucket $nostar\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    [Fact]
    public async Task ManyKeys_SameBucketAsNginx()
    {
        for (var k = 0; k < 120; k++)
            await servers.Pair.AssertSameAsync(RawHttp.Get($"/?k=key{k}" + new string('x', k % 7)));
    }

    [Theory]
    [InlineData("split_clients $arg_a $b { 101% x; }")]
    [InlineData("split_clients $arg_a $b { 60% x; 50% y; }")]
    [InlineData("split_clients $arg_a $b { 0% x; }")]
    [InlineData("split_clients $arg_a $b { 1.234% x; }")]
    [InlineData("split_clients $arg_a $b { 1.5 x; }")]
    [InlineData("split_clients $arg_a $b { % x; }")]
    [InlineData("split_clients $arg_a $b { 1..5% x; }")]
    [InlineData("split_clients $arg_a $b { 50% x y; }")]
    [InlineData("split_clients $arg_a $b { 50% x; include /dev/null; }")]
    [InlineData("split_clients $arg_a b { 50% x; }")]
    [InlineData("split_clients $arg_a $b { 99.99% x; * y; }")]
    public void BadInput_SameVerdictAsNginx(string body) => NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");
}
