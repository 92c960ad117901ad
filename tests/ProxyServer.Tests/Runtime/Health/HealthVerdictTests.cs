using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Health;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Config;

namespace ProxyServer.Tests.Runtime.Health;

/// <summary>
/// The verdict logic without a network: match block tests against responses, and the fails/passes
/// streaks that move a peer out of rotation and back.
/// </summary>
public sealed class HealthVerdictTests
{
    private static HealthMatch Match(string body)
    {
        var tree = ConfigLoader.LoadText($"match m {{ {body} }}", "nginx.conf");
        var (match, errors) = HealthMatch.Parse("m", tree.Root.Directives[0].Block!);
        Assert.Empty(errors);
        return match;
    }

    private static HealthMatch.Response Response(int status, string body = "", params (string Name, string Value)[] headers) =>
        new(status, name => headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList(), body);

    [Theory]
    [InlineData("status 200;", 200, true)]
    [InlineData("status 200;", 204, false)]
    [InlineData("status ! 500;", 200, true)]
    [InlineData("status ! 500;", 500, false)]
    [InlineData("status 200 204;", 204, true)]
    [InlineData("status 200-399;", 302, true)]
    [InlineData("status 200-399;", 404, false)]
    [InlineData("status ! 400-599;", 404, false)]
    [InlineData("status 301-303 307;", 307, true)]
    [InlineData("status 301-303 307;", 304, false)]
    [InlineData("status 200; status ! 204;", 200, true)]
    public void Status_tests(string body, int status, bool passes) =>
        Assert.Equal(passes, Match(body).FirstFailure(Response(status)) is null);

    [Theory]
    [InlineData("header Content-Type = text/html;", "text/html", true)]
    [InlineData("header Content-Type = text/html;", "text/html; charset=utf-8", false)]
    [InlineData("header Content-Type != text/html;", "text/plain", true)]
    [InlineData("header Content-Type != text/html;", null, false)]
    [InlineData("header Content-Type ~ ^text/;", "text/plain", true)]
    [InlineData("header Content-Type !~ ^text/;", "application/json", true)]
    [InlineData("header Content-Type;", "x", true)]
    [InlineData("header Content-Type;", null, false)]
    [InlineData("header ! Content-Type;", null, true)]
    [InlineData("header ! Content-Type;", "x", false)]
    public void Header_tests(string body, string? contentType, bool passes)
    {
        var response = contentType is null ? Response(200) : Response(200, "", ("content-type", contentType));
        Assert.Equal(passes, Match(body).FirstFailure(response) is null);
    }

    [Theory]
    [InlineData("body ~ \"Welcome to nginx!\";", "<h1>Welcome to nginx!</h1>", true)]
    [InlineData("body ~ \"Welcome to nginx!\";", "It works", false)]
    [InlineData("body !~ maintenance;", "all good", true)]
    [InlineData("body !~ maintenance;", "down for maintenance", false)]
    public void Body_tests(string body, string responseBody, bool passes) =>
        Assert.Equal(passes, Match(body).FirstFailure(Response(200, responseBody)) is null);

    [Fact]
    public void Failing_test_names_what_was_checked() =>
        Assert.Equal("checking response body", Match("status 200; body ~ ok;").FirstFailure(Response(200, "no"))!.Checking);

    private static (PeerHealth Health, UpstreamPeer Peer, HealthCheckDefinition Check) OnePeer(HealthCheckParameters parameters)
    {
        var definition = new UpstreamDefinition($"verdict-{Guid.NewGuid():N}", BalancingMethod.RoundRobin,
            [UpstreamServer.Literal("10.0.0.1:80"), UpstreamServer.Literal("10.0.0.2:80")], default);
        var upstream = new CompiledUpstream(definition, isImplicit: false);
        var check = new HealthCheckDefinition(upstream, parameters, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), default);
        var plan = new HealthCheckPlan();
        plan.Add(check);
        plan.Restore(new HealthVerdicts()); // what the process does before the model serves
        var peer = upstream.Group.Primary.Peers[0];
        return (plan.For(peer)!, peer, check);
    }

    [Fact]
    public void Fails_and_passes_count_consecutive_results()
    {
        var (health, peer, check) = OnePeer(new HealthCheckParameters { Fails = 2, Passes = 3 });
        Assert.False(peer.Unhealthy);
        health.Record(check, passed: false);
        health.Record(check, passed: true); // the failure streak restarts
        health.Record(check, passed: false);
        Assert.False(peer.Unhealthy);
        Assert.Equal(PeerHealth.Transition.BecameUnhealthy, health.Record(check, passed: false));
        Assert.True(peer.Unhealthy && peer.Down);
        health.Record(check, passed: true);
        health.Record(check, passed: true);
        Assert.True(peer.Unhealthy);
        Assert.Equal(PeerHealth.Transition.BecameHealthy, health.Record(check, passed: true));
        Assert.False(peer.Down);
        Assert.Equal((7L, 3L, 1L, true, false), health.Snapshot());
    }

    [Fact]
    public void Mandatory_peer_is_checking_until_its_first_verdict()
    {
        var (health, peer, check) = OnePeer(new HealthCheckParameters { Mandatory = true, Fails = 3 });
        Assert.True(peer.Down);
        Assert.True(health.Snapshot().Checking);
        // The first verdict decides, whatever fails= says.
        Assert.Equal(PeerHealth.Transition.None, health.Record(check, passed: false));
        Assert.True(peer.Unhealthy);
        Assert.False(health.Snapshot().Checking);
    }
}
