using System.Net;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// A real dnsmasq answering authoritatively (no upstream, no /etc/hosts) from a hosts file the test
/// owns, on a free loopback port, stopped by pid on dispose. <see cref="SetRecords"/> rewrites the
/// file and sends SIGHUP, which makes dnsmasq re-read --addn-hosts files and flush its cache.
/// </summary>
public sealed class DnsmasqInstance : IDisposable
{
    public const string Binary = "/usr/sbin/dnsmasq";

    private readonly ManagedProcess _process;
    private readonly string _hostsPath;

    public string Directory { get; }
    public int Port { get; }
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);
    public string Log => _process.StandardError + _process.StandardOutput;

    private DnsmasqInstance(string directory, int port, string hostsPath, ManagedProcess process)
    {
        Directory = directory;
        Port = port;
        _hostsPath = hostsPath;
        _process = process;
    }

    public static bool IsInstalled => File.Exists(Binary);

    /// <param name="records">(name, address) pairs; a name may appear several times (several A/AAAA records).</param>
    /// <param name="ttl">TTL of every answer, positive and negative, in seconds.</param>
    public static DnsmasqInstance Start(IEnumerable<(string Name, string Address)> records, int ttl = 1)
    {
        var directory = TempDirectory.Create("dnsmasq-");
        // dnsmasq started as root drops privileges to nobody, which must still read the hosts file.
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var hostsPath = Path.Combine(directory, "records.hosts");
        WriteHosts(hostsPath, records);
        // DNS is UDP; FreePort probes TCP, but dnsmasq binds both on the same number so it is a fair pick.
        var port = FreePort.Next();
        var process = ManagedProcess.Start(Binary, [
            "--keep-in-foreground", "--log-facility=-", "--log-queries",
            "--no-resolv", "--no-hosts", "--no-poll", "--addn-hosts=" + hostsPath, "--local=/#/",
            "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
            "--local-ttl=" + ttl, "--neg-ttl=" + ttl,
            "--pid-file=" + Path.Combine(directory, "dnsmasq.pid"),
        ]);
        var instance = new DnsmasqInstance(directory, port, hostsPath, process);
        try
        {
            FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(10));
        }
        catch
        {
            var log = instance.Log;
            instance.Dispose();
            throw new InvalidOperationException("dnsmasq did not start: " + log);
        }
        return instance;
    }

    /// <summary>Replaces every record and makes dnsmasq re-read them (SIGHUP); returns once it has.</summary>
    public void SetRecords(IEnumerable<(string Name, string Address)> records)
    {
        var reads = CountReads();
        WriteHosts(_hostsPath, records);
        _process.Signal("HUP");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (CountReads() == reads && DateTime.UtcNow < deadline) Thread.Sleep(10);
    }

    private int CountReads() => Log.Split('\n').Count(line => line.Contains("read " + _hostsPath, StringComparison.Ordinal));

    private static void WriteHosts(string path, IEnumerable<(string Name, string Address)> records)
    {
        var temporary = path + ".new";
        File.WriteAllLines(temporary, records.Select(r => $"{r.Address} {r.Name}"));
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose()
    {
        _process.Dispose();
        TempDirectory.TryDelete(Directory);
    }
}
