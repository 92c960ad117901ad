using System.Text.RegularExpressions;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// A real single-member etcd (Debian's 3.4) with its data in a temp dir and its client and peer
/// ports picked free on 127.0.0.1. Can be killed and restarted on the same ports and data (to test
/// watch recovery) and driven with etcdctl (put, delete, compact).
/// </summary>
public sealed partial class EtcdInstance : IDisposable
{
    public const string Binary = "/usr/bin/etcd";
    public const string CtlBinary = "/usr/bin/etcdctl";

    private ManagedProcess? _process;

    public string Directory { get; }
    public int ClientPort { get; private set; }
    public int PeerPort { get; }
    public string Endpoint => $"127.0.0.1:{ClientPort}";
    public string ClientUrl => $"http://{Endpoint}";
    public bool IsRunning => _process is { HasExited: false };
    public string Log => _process is null ? "" : _process.StandardError + _process.StandardOutput;

    private EtcdInstance(string directory, int clientPort, int peerPort)
    {
        Directory = directory;
        ClientPort = clientPort;
        PeerPort = peerPort;
    }

    public static bool IsInstalled => File.Exists(Binary) && File.Exists(CtlBinary);

    public static EtcdInstance Start()
    {
        var instance = new EtcdInstance(TempDirectory.CreateInMemory("etcd-"), FreePort.Next(), FreePort.Next());
        try
        {
            instance.Restart();
        }
        catch
        {
            instance.Dispose();
            throw;
        }
        return instance;
    }

    /// <summary>Starts etcd again (after <see cref="Kill"/>) on the same ports and data dir; waits until healthy.</summary>
    public void Restart() => RestartOnPort(ClientPort);

    /// <summary>
    /// Starts etcd on the same data and peer port but another client port: a test can change and
    /// compact the store while clients watching the usual port cannot reach it (then restart on that port).
    /// </summary>
    public void RestartOnPort(int clientPort)
    {
        ClientPort = clientPort;
        if (IsRunning) throw new InvalidOperationException("etcd is already running");
        _process?.Dispose();
        var peerUrl = $"http://127.0.0.1:{PeerPort}";
        _process = ManagedProcess.Start(Binary, [
            "--name", "test",
            "--data-dir", Path.Combine(Directory, "data"),
            "--listen-client-urls", ClientUrl, "--advertise-client-urls", ClientUrl,
            "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", "test=" + peerUrl,
            "--listen-metrics-urls", "http://127.0.0.1:" + FreePort.Next(),
            "--log-level", "warn",
        ]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("etcd exited: " + Log);
            var (code, _) = Ctl("endpoint", "health");
            if (code == 0) return;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("etcd did not become healthy: " + Log);
            Thread.Sleep(50);
        }
    }

    /// <summary>Kills etcd by pid (SIGKILL, no clean shutdown) and waits for it to be gone.</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Signal("KILL");
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>Freezes etcd (SIGSTOP): its sockets stay open but nothing answers, like a hung server.</summary>
    public void Pause() => _process?.Signal("STOP");

    /// <summary>Lets a paused etcd run again (SIGCONT).</summary>
    public void Resume() => _process?.Signal("CONT");

    public void Put(string key, string value) => CtlOrThrow("put", key, value);

    public void Delete(string key) => CtlOrThrow("del", key);

    /// <summary>The store's current revision (from <c>etcdctl endpoint status</c>).</summary>
    public long Revision()
    {
        var output = CtlOrThrow("endpoint", "status", "-w", "json");
        return long.Parse(RevisionField().Match(output).Groups[1].Value);
    }

    /// <summary>Compacts the history up to the current revision (physically), so older revisions can no longer be watched.</summary>
    public long Compact()
    {
        var revision = Revision();
        CtlOrThrow("compact", revision.ToString(), "--physical");
        return revision;
    }

    public (int ExitCode, string Output) Ctl(params string[] arguments)
    {
        // A put waits for etcd's fsync: on a loaded CI machine that took over 3 s, so commands get 15 s.
        using var ctl = ManagedProcess.Start(CtlBinary,
            ["--endpoints=" + Endpoint, "--dial-timeout=1s", "--command-timeout=15s", .. arguments],
            environment: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" });
        if (!ctl.WaitForExit(TimeSpan.FromSeconds(20))) return (-1, "etcdctl timed out");
        return (ctl.ExitCode, ctl.StandardOutput + ctl.StandardError);
    }

    private string CtlOrThrow(params string[] arguments)
    {
        var (code, output) = Ctl(arguments);
        if (code != 0) throw new InvalidOperationException($"etcdctl {string.Join(' ', arguments)} failed: {output}");
        return output;
    }

    [GeneratedRegex("\"revision\":(\\d+)")]
    private static partial Regex RevisionField();

    public void Dispose()
    {
        _process?.Dispose();
        TempDirectory.TryDelete(Directory);
    }
}
