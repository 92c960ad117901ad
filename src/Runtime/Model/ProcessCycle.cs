using ProxyServer.Runtime.Dynamic.Serving;
using ProxyServer.Runtime.Health;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Model;

/// <summary>
/// What one serving process holds across the models it serves, as nginx's <c>ngx_cycle_t</c>: open log
/// files, running etcd watches and DNS refreshers, health verdicts, counters, the forwarder and its
/// HTTP clients. <c>Hosting/ServerProcess</c> owns one; a compile only looks things up in it (an
/// unchanged <c>kv_source</c> gets its running watch back) and never changes it, so <c>check</c>
/// compiles with a fresh one and two processes in one test run apart. Models reach it through
/// <see cref="RuntimeModel.Cycle"/>.
/// </summary>
public sealed class ProcessCycle : IAsyncDisposable
{
    public ProcessCycle(Dynamic.Etcd.KvSourceOptions? kvSourceOptions = null) => Dynamic = new DynamicWorkers(kvSourceOptions);

    public LogFiles LogFiles { get; } = new();
    public DynamicWorkers Dynamic { get; }
    public HealthVerdicts HealthVerdicts { get; } = new();
    public ConnectionCounters Connections { get; } = new();
    public TrafficCounters Traffic { get; } = new();
    public UpstreamClients UpstreamClients { get; } = new();

    /// <summary>Named zones kept across reloads (a cache's index), as nginx's shared memory.</summary>
    public SharedZones Zones { get; } = new();

    /// <summary><c>limit_req_zone</c> and <c>limit_conn_zone</c> states, kept across reloads that keep their definition.</summary>
    public SharedMemoryZones SharedMemory { get; } = new();

    /// <summary>The process ends: stops the workers, flushes the logs, lets the HTTP clients go.</summary>
    public async ValueTask DisposeAsync()
    {
        await Dynamic.StopAsync();
        await SharedMemory.RetainOnlyAsync([]);
        LogFiles.FlushAll();
        UpstreamClients.Dispose();
    }
}

/// <summary>
/// What a model needs running while it serves, as the compiler found it: every log file it writes,
/// its kv sources, DNS refreshers and live upstream groups, its health checks, its shared memory zones. Some may be the
/// process's running ones (an unchanged definition); the others are not started. The process starts
/// them when the model is swapped in and retires what the serving model no longer uses.
/// </summary>
public sealed record ModelResources(
    IReadOnlyList<LogFile> LogFiles,
    DynamicRouting? Dynamic,
    HealthCheckPlan? HealthChecks)
{
    public static ModelResources None { get; } = new([], null, null);

    /// <summary>Directories the model writes into, made (with nginx's error when that fails) before it serves.</summary>
    public IReadOnlyList<string> Directories { get; init; } = [];

    /// <summary>Its shared memory zones: the process's running ones where the definition is unchanged, else new.</summary>
    public IReadOnlyList<SharedMemoryZone> SharedZones { get; init; } = [];
}
