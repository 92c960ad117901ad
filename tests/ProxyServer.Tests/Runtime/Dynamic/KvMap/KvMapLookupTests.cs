using System.Collections.Immutable;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvMap;

namespace ProxyServer.Tests.Runtime.Dynamic.KvMap;

public class KvMapLookupTests
{
    private static KvSnapshot Snapshot(params (string Key, string Value)[] entries) =>
        new(7, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, entries.Select(e => KeyValuePair.Create(e.Key, e.Value))), false);

    private static readonly KvSnapshot Hosts = Snapshot(
        ("/proxy/hosts/user_01.jira.com", "127.0.0.11:8080"),
        ("/proxy/hosts/*.jira.com", "jira_pool"),
        ("/proxy/hosts/.example.com", "example_pool"),
        ("/proxy/hosts/*.deep.example.com", "deep_pool"),
        ("/proxy/hosts/www.shop.*", "shop_pool"),
        ("/proxy/hosts/www.*", "www_pool"));

    [Theory]
    [InlineData("user_01.jira.com", "127.0.0.11:8080")]     // exact wins over *.jira.com
    [InlineData("USER_01.Jira.COM:8443", "127.0.0.11:8080")] // lower-cased, port stripped
    [InlineData("user_01.jira.com.", "127.0.0.11:8080")]     // trailing dot
    [InlineData("user_02.jira.com", "jira_pool")]
    [InlineData("a.b.jira.com", "jira_pool")]                // wildcards match any depth, as nginx
    [InlineData("jira.com", "maintenance")]                  // *.jira.com does not match jira.com itself
    [InlineData("example.com", "example_pool")]              // .example.com does
    [InlineData("www.example.com", "example_pool")]
    [InlineData("x.deep.example.com", "deep_pool")]          // longest leading wildcard wins
    [InlineData("www.shop.org", "shop_pool")]                // longest trailing wildcard
    [InlineData("www.other.org", "www_pool")]
    [InlineData("unknown.org", "maintenance")]
    [InlineData("", "maintenance")]
    public void Lookup_Hostnames(string host, string expected)
    {
        var map = new KvMapDefinition("$host", "$backend", "main", "/proxy/hosts/", Hostnames: true, Default: "maintenance");
        Assert.Equal(expected, KvMapLookup.Lookup(map, Hosts, host));
    }

    [Theory]
    [InlineData("user_01.jira.com", "127.0.0.11:8080")]
    [InlineData("user_02.jira.com", null)]
    [InlineData("example.com", null)]
    public void Lookup_WithoutHostnames_ExactOnly(string host, string? expected)
    {
        var map = new KvMapDefinition("$host", "$backend", "main", "/proxy/hosts/", Hostnames: false, Default: null);
        Assert.Equal(expected, KvMapLookup.Lookup(map, Hosts, host));
    }

    [Fact]
    public void Candidates_Order()
    {
        Assert.Equal(
            ["a.b.com", ".a.b.com", "*.b.com", ".b.com", "*.com", ".com", "a.b.*", "a.*"],
            KvMapLookup.Candidates("a.b.com", hostnames: true));
    }

    [Theory]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("Host.Example:80", "host.example")]
    public void NormalizeHost(string input, string expected) => Assert.Equal(expected, KvMapLookup.NormalizeHost(input));
}
