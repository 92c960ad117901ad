using ProxyServer.NginxConf.Directives;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>The table's own consistency, and a sample of its rows re-asked of the real nginx.</summary>
public sealed class DirectiveTableTests
{
    private static readonly Dictionary<DirectiveContext, string> Templates = new()
    {
        [DirectiveContext.Main] = "{0}\nevents {{}}\n",
        [DirectiveContext.Events] = "events {{ {0} }}\n",
        [DirectiveContext.Http] = "events {{}}\nhttp {{ {0} }}\n",
        [DirectiveContext.Server] = "events {{}}\nhttp {{ server {{ {0} }} }}\n",
        [DirectiveContext.Location] = "events {{}}\nhttp {{ server {{ location / {{ {0} }} }} }}\n",
        [DirectiveContext.LimitExcept] = "events {{}}\nhttp {{ server {{ location / {{ limit_except GET {{ {0} }} }} }} }}\n",
        [DirectiveContext.Upstream] = "events {{}}\nhttp {{ upstream u {{ {0} }} }}\n",
    };

    [Fact]
    public void EveryName_HasOneSpecPerContext()
    {
        foreach (var group in DirectiveTable.Default.All.GroupBy(s => s.Name))
        {
            var seen = DirectiveContext.None;
            foreach (var spec in group)
            {
                Assert.True((seen & spec.Contexts) == 0, $"{spec.Name}: two specs claim one context");
                seen |= spec.Contexts;
            }
        }
    }

    [Fact]
    public void EverySpec_NamesItsModule_AndBlocksSayWhatTheyOpen()
    {
        foreach (var spec in DirectiveTable.Default.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.Module), $"{spec.Name} has no module");
            if (spec.IsBlock && spec.Body == BodyKind.Directives && spec.Name != "if")
                Assert.NotEqual(DirectiveContext.None, spec.Opens);
        }
    }

    [Theory]
    [InlineData("proxy_pass", DirectiveSupport.Implemented)]
    [InlineData("least_time", DirectiveSupport.Implemented)]
    [InlineData("worker_processes", DirectiveSupport.Ignored)]
    [InlineData("sendfile", DirectiveSupport.Ignored)]
    [InlineData("gzip", DirectiveSupport.Implemented)]
    [InlineData("charset", DirectiveSupport.Ignored)]
    [InlineData("fastcgi_pass", DirectiveSupport.Implemented)]
    [InlineData("grpc_pass", DirectiveSupport.Implemented)]
    public void Support_IsDeclared(string name, DirectiveSupport support) =>
        Assert.Equal(support, DirectiveTable.Default.Lookup(name)[0].Support);

    [Fact]
    public void NginxPlusDirective_IsUnknownToStockNginx() =>
        Assert.Equal("unknown directive \"least_time\"", NginxOracle.Test(string.Format(Templates[DirectiveContext.Upstream], "least_time header; server 127.0.0.1;")).Message);

    /// <summary>
    /// Every 20th directive of nginx's own (stock 1.22, no dynamic modules), in every context we probe:
    /// nginx says "not allowed here" exactly where the table says so, and its argument-count check
    /// agrees with the table's arity for 0 to 2 arguments.
    /// </summary>
    [Fact]
    public void SampledRows_AgreeWithNginx()
    {
        Assert.True(NginxInstance.IsInstalled, "nginx (the oracle) is not installed");
        var sample = DirectiveTable.Default.All
            .Where(s => s.DynamicModule is null && DirectiveTable.StockNginxModules.Contains(s.Module))
            .Select(s => s.Name).Distinct().Order().Where((_, i) => i % 20 == 0).ToList();
        var disagreements = new System.Collections.Concurrent.ConcurrentBag<string>();
        var cases = sample.SelectMany(name => Templates.Select(t => (name, context: t.Key, template: t.Value)));
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, item =>
            {
                var (name, context, template) = item;
                var spec = DirectiveTable.Default.Find(name, context);
                var placed = NginxOracle.Test(string.Format(template, name + (IsBlock(name) ? " {}" : ";")));
                var nginxAllows = placed.Message?.Contains("is not allowed here") != true;
                if (nginxAllows != (spec is not null))
                    disagreements.Add($"{name} in {context}: nginx {(nginxAllows ? "allows" : "refuses")}, table {(spec is null ? "refuses" : "allows")}");
                if (spec is null) return;
                for (var count = 0; count <= 2; count++)
                {
                    var args = string.Join(' ', Enumerable.Repeat("x", count));
                    var verdict = NginxOracle.Test(string.Format(template, $"{name} {args}{(spec.IsBlock ? " {}" : ";")}"));
                    var nginxCounts = verdict.Message?.StartsWith("invalid number of arguments", StringComparison.Ordinal) != true;
                    if (nginxCounts != spec.Arity.Accepts(count))
                        disagreements.Add($"{name} in {context} with {count} arguments: nginx {(nginxCounts ? "accepts" : "refuses")} the count");
                }
            });
        Assert.Empty(disagreements);
        Assert.True(sample.Count > 20);
    }

    private static bool IsBlock(string name) => DirectiveTable.Default.Lookup(name).Any(s => s.IsBlock);
}
