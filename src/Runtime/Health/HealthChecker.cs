using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Health;

/// <summary>
/// Runs a model's health checks while that model serves: one loop per (check, peer) that probes at once,
/// then every <c>interval</c> (plus up to <c>jitter</c>), and moves the peer in or out of rotation. Started
/// when the model becomes current, stopped when a reload replaces it (its peers are then out of use).
/// </summary>
public sealed class HealthChecker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HealthProbe _probe = new();
    private readonly List<Task> _loops = [];
    private readonly ErrorLog _log;
    private readonly HealthVerdicts _verdicts;

    private HealthChecker(ErrorLog log, HealthVerdicts verdicts)
    {
        _log = log;
        _verdicts = verdicts;
    }

    /// <summary>Starts the checks of <paramref name="model"/>, recording verdicts in <paramref name="verdicts"/>; null when it has none.</summary>
    public static HealthChecker? Start(RuntimeModel model, HealthVerdicts verdicts)
    {
        if (model.Features.Get<HealthCheckPlan>() is not { Checks.Count: > 0 } plan) return null;
        var checker = new HealthChecker(model.ErrorLog, verdicts);
        foreach (var check in plan.Checks)
        {
            var group = check.Upstream.Group;
            foreach (var peer in group.Primary.Peers.Concat(group.Backup?.Peers ?? []))
                checker._loops.Add(Task.Run(() => checker.LoopAsync(check, peer, plan.For(peer)!)));
        }
        return checker;
    }

    private async Task LoopAsync(HealthCheckDefinition check, UpstreamPeer peer, PeerHealth health)
    {
        var stop = _stop.Token;
        var parameters = check.Parameters;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await _probe.CheckAsync(check, peer, stop);
                if (stop.IsCancellationRequested) return;
                var change = health.Record(check, result.Passed);
                _verdicts.Remember(health);
                Log(check, peer, change, result);
                var jitter = parameters.Jitter > TimeSpan.Zero ? Random.Shared.NextDouble() * parameters.Jitter : TimeSpan.Zero;
                await Task.Delay(parameters.Interval + jitter, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// NGINX Plus's lines: an I/O error as nginx logs it for a request, then the change of state:
    /// <c>peer is unhealthy while checking status code, health check "m" of peer 10.0.0.1:80 in upstream "app"</c>.
    /// </summary>
    private void Log(HealthCheckDefinition check, UpstreamPeer peer, PeerHealth.Transition change, ProbeResult result)
    {
        var about = $"health check \"{check.Name}\" of peer {peer.Name} in upstream \"{check.Upstream.Name}\"";
        if (result.Error is { } error) _log.Write(LogLevel.Error, $"{error} while {result.Stage}, {about}");
        if (change == PeerHealth.Transition.BecameUnhealthy) _log.Write(LogLevel.Warn, $"peer is unhealthy while {result.Stage}, {about}");
        else if (change == PeerHealth.Transition.BecameHealthy) _log.Write(LogLevel.Notice, $"peer is healthy, {about}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        _probe.Dispose();
        _stop.Dispose();
    }
}
