using System.Net;
using System.Net.Sockets;
using ProxyServer.Runtime.Upstream;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Upstream.Config;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Upstream;

/// <summary>
/// Two real nginx processes for differential balancing tests: one serving live backends (each answers
/// its own port number), one proxying <c>/NAME/...</c> to an <c>upstream NAME</c> per scenario.
/// Dead peers are ports nobody listens on, so nginx meets "connection refused" as in production.
/// </summary>
public sealed class NginxBalancingPair : IDisposable
{
    public const int BackendCount = 6;

    private readonly NginxInstance _backends;
    private readonly Socket[] _deadSockets;
    private readonly NginxInstance _proxy;

    public NginxBalancingPair()
    {
        BackendPorts = Enumerable.Range(0, BackendCount).Select(_ => FreePort.Next()).ToArray();
        // dead ports stay bound (never listening) for the fixture's life: connecting is refused, and no
        // other test can start a server on them meanwhile
        _deadSockets = [BindWithoutListening(), BindWithoutListening()];
        DeadPorts = _deadSockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToArray();
        ProxyPort = FreePort.Next();

        var backends = string.Join("\n", BackendPorts.Select(p => $"server {{ listen 127.0.0.1:{p}; return 200 $server_port; }}"));
        _backends = NginxInstance.StartHttp(backends, BackendPorts);

        var upstreams = string.Join("\n", BalancingScenarios.All.Select(UpstreamBlock));
        var locations = string.Join("\n", BalancingScenarios.All.Select(s => $"location /{s.Name}/ {{ proxy_pass http://{s.Name}; }}"));
        _proxy = NginxInstance.StartHttp($$"""
            {{upstreams}}
            server {
                listen 127.0.0.1:{{ProxyPort}};
                proxy_connect_timeout 2s;
                {{locations}}
            }
            """, ProxyPort);
    }

    public int[] BackendPorts { get; }
    public int[] DeadPorts { get; }
    public int ProxyPort { get; }
    public string ProxyErrorLog => _proxy.ErrorLog;

    public string Address(ServerLine line) => "127.0.0.1:" + Port(line);

    public int Port(ServerLine line) => line.Backend switch
    {
        ServerLine.Dead => DeadPorts[0],
        ServerLine.Dead2 => DeadPorts[1],
        var index => BackendPorts[index],
    };

    /// <summary>What nginx answered: the backend's port, or the status when it is not 200.</summary>
    public async Task<string> AskNginxAsync(BalancingScenario scenario, string pathAfterName, IPAddress? source = null)
    {
        var (status, body) = await SourceBoundHttp.GetAsync(ProxyPort, $"/{scenario.Name}/{pathAfterName}", source);
        return status == 200 ? body : status.ToString();
    }

    /// <summary>The scenario's <c>upstream</c> block as both nginx and we read it.</summary>
    public string UpstreamBlock(BalancingScenario scenario) =>
        $"upstream {scenario.Name} {{ {scenario.Directive} {string.Join(" ", scenario.Servers.Select(l => $"server {Address(l)} {l.Parameters};"))} }}";

    /// <summary>Our balancer over the same block, parsed and compiled by our config path.</summary>
    public UpstreamGroup BuildGroup(BalancingScenario scenario)
    {
        var tree = ConfigLoader.LoadText(UpstreamBlock(scenario), "scenario.conf");
        var diagnostics = new List<Diagnostic>();
        var definition = UpstreamBlockCompiler.Compile(tree.Statements.Single(), diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal(scenario.Method, definition!.Method);
        return definition.CreateGroup();
    }

    /// <summary>
    /// One request through our balancer, meeting failures as nginx does with the default
    /// <c>proxy_next_upstream error timeout</c>: a dead peer is freed as failed and the next one tried
    /// until the tries run out (502) or no peer is live (502).
    /// </summary>
    public string AskOurs(UpstreamGroup group, BalancingScenario scenario, string pathAfterName, IPAddress? source = null)
    {
        var requestUri = $"/{scenario.Name}/{pathAfterName}";
        // the scenarios hash $request_uri, or an argument no request carries (an empty key)
        var key = scenario.Method.Key == "$request_uri" ? requestUri : "";
        var selection = group.Begin(source ?? IPAddress.Loopback, key);
        while (true)
        {
            var peer = selection.Pick();
            if (peer is null) return "502";
            var port = ((IPEndPoint)peer.Address).Port;
            if (DeadPorts.Contains(port))
            {
                selection.Free(PeerOutcome.Failed);
                if (selection.Tries == 0) return "502";
                continue;
            }
            selection.Free(PeerOutcome.Success);
            return port.ToString();
        }
    }

    private static Socket BindWithoutListening()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public void Dispose()
    {
        _proxy.Dispose();
        _backends.Dispose();
        foreach (var socket in _deadSockets) socket.Dispose();
    }
}
