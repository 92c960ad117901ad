using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Config;

/// <summary><c>check</c> on kv_source, kv_map, kv_servers, resolver_deny and <c>server ... resolve</c>; never needs etcd.</summary>
public class DynamicDirectivesTests
{
    private static IReadOnlyList<Diagnostic> Check(string http) => Diagnose(http).Where(d => d.Severity == Severity.Error).ToList();

    /// <summary>Every diagnostic (warnings too); <paramref name="resolveWithDns"/> as <c>check --resolve</c>, which asks DNS like <c>nginx -t</c>.</summary>
    private static IReadOnlyList<Diagnostic> Diagnose(string http, bool resolveWithDns = false)
    {
        var directory = TempDirectory.Create("dyncheck-");
        var path = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(path, $"events {{}}\nhttp {{\n{http}\n}}\n");
        try
        {
            var options = new CheckOptions { Validation = new ValidationOptions { ResolveWithDns = resolveWithDns } };
            return ConfigCheck.Run(path, options).Diagnostics;
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public void IssueSample_IsValid()
    {
        var errors = Check("""
            kv_source main etcd://127.0.0.1:2379,127.0.0.1:2381 cache=/var/lib/proxyserver/main.json;
            kv_map $host $backend {
                source main /proxy/hosts/;
                hostnames;
                default maintenance;
            }
            upstream wordpress {
                least_conn;
                kv_servers main /proxy/upstreams/wordpress/;
            }
            upstream app {
                server 127.0.0.1:8080 resolve weight=2;
            }
            server {
                listen 127.0.0.1:8080;
                resolver 127.0.0.1:5353 valid=5s ipv6=off;
                resolver_deny 169.254.0.0/16 10.0.0.0/8;
                location / { proxy_pass http://$backend; }
            }
            """);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("kv_source main http://127.0.0.1:2379;", "invalid kv_source URL \"http://127.0.0.1:2379\": expected etcd://HOST:PORT[,HOST:PORT...]")]
    [InlineData("kv_source main etcd://127.0.0.1;", "invalid endpoint \"127.0.0.1\" in kv_source \"main\": expected HOST:PORT")]
    [InlineData("kv_source main etcd://127.0.0.1:2379 cahce=/x;", "invalid parameter \"cahce=/x\"")]
    [InlineData("kv_source main etcd://h:1; kv_source main etcd://h:2;", "duplicate kv_source \"main\"")]
    [InlineData("kv_map $host $b { source other /p/; }", "unknown kv_source \"other\"")]
    [InlineData("kv_source main etcd://h:1; kv_map $host $b { hostnames; }", "kv_map needs \"source NAME PREFIX\"")]
    [InlineData("kv_source main etcd://h:1; kv_map $host $b { source main /p/; colour red; }", "invalid kv_map parameter \"colour\": expected source, hostnames or default")]
    [InlineData("kv_source main etcd://h:1; kv_map $host $b { source main /p/; default; }", "invalid number of arguments in kv_map \"default\"")]
    [InlineData("kv_source main etcd://h:1; kv_map $host $b { source main /p/; } map $host $b { default x; }", "the duplicate \"b\" variable")]
    [InlineData("kv_source main etcd://h:1; map $host $b { default x; } kv_map $host $b { source main /p/; }", "the duplicate \"b\" variable")]
    [InlineData("upstream u { kv_servers main /p/; }", "unknown kv_source \"main\"")]
    [InlineData("resolver_deny 169.254.0.0/99;", "invalid parameter \"169.254.0.0/99\"")]
    [InlineData("server { kv_servers main /p/; }", "\"kv_servers\" directive is not allowed here")]
    public void Errors(string http, string message) => Assert.Contains(message, Check(http).Select(d => d.Message));

    /// <summary>
    /// nginx 1.27.3 leaves a <c>server NAME resolve</c> to the resolver at run time: <c>nginx -t</c> passes
    /// for a name DNS does not know. Even with <c>--resolve</c> (DNS asked, a missing name is an error)
    /// check says nothing about it, so it never looked it up; the same name without <c>resolve</c> is reported.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResolveServer_NameIsNeverLookedUp(bool resolveWithDns)
    {
        const string missing = "no-such-backend.invalid";
        var diagnostics = Diagnose($$"""
            resolver 127.0.0.1:53;
            upstream dynamic { zone dynamic 64k; server {{missing}}:8080 resolve; }
            server { listen 127.0.0.1:8080; location / { proxy_pass http://dynamic; } }
            """, resolveWithDns);
        Assert.DoesNotContain(diagnostics, d => d.Message.Contains(missing));

        var fixedName = Diagnose($"upstream fixed {{ server {missing}:8080; }}");
        Assert.Contains(fixedName, d => d.Message == $"host not found in upstream \"{missing}:8080\"");
    }

    /// <summary>
    /// nginx 1.27.3's start-up error for a <c>resolve</c> name without a resolver in the upstream or in http
    /// (a server-level one does not count), once per upstream; an address needs none.
    /// </summary>
    [Theory]
    [InlineData("upstream u { server a.test resolve; server b.test resolve; }", 1)]
    [InlineData("upstream u { server a.test resolve; } server { resolver 127.0.0.1; }", 1)]
    [InlineData("upstream u { resolver 127.0.0.1; server a.test resolve; }", 0)]
    [InlineData("upstream u { server a.test resolve; } resolver 127.0.0.1;", 0)]
    [InlineData("upstream u { server 127.0.0.1:8080 resolve; server [::1]:8080 resolve; }", 0)]
    public void ResolveServer_NeedsAResolver(string http, int errors)
    {
        var found = Check(http).Where(d => d.Message == "no resolver defined to resolve names at run time in upstream \"u\"").ToList();
        Assert.Equal(errors, found.Count);
        Assert.All(found, d => Assert.Equal(3, d.Position.Line));
    }

    [Fact]
    public void UpstreamWithOnlyKvServers_IsNotEmpty()
    {
        var messages = Check("kv_source main etcd://127.0.0.1:2379; upstream u { kv_servers main /p/; }").Select(d => d.Message);
        Assert.DoesNotContain("no servers are inside upstream", messages);
        Assert.Contains("no servers are inside upstream", Check("upstream u { }").Select(d => d.Message));
    }

    [Fact]
    public void KvSourceSettings_EndpointsAndCache()
    {
        var settings = KvSourceSettings.Parse(["main", "etcd://127.0.0.1:2379,127.0.0.1:2381", "cache=/var/lib/proxyserver/main.json"]).Value!;
        Assert.Equal(("main", "/var/lib/proxyserver/main.json"), (settings.Name, settings.CachePath));
        Assert.Equal(["127.0.0.1:2379", "127.0.0.1:2381"], settings.Endpoints);
    }
}
