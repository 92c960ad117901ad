using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Health;

/// <summary>
/// A real nginx backend whose health an operator flips with files, as health-file deployments do:
/// <c>/healthz</c> serves the file <c>healthz</c> (404 when it is gone), and <c>/</c> answers
/// <c>200 NAME</c> while the file <c>serving</c> exists, <c>503</c> once it is removed.
/// </summary>
internal sealed class FileSwitchedBackend : IDisposable
{
    private readonly NginxInstance _nginx;
    private readonly string _root;

    private FileSwitchedBackend(NginxInstance nginx, string root, int port, string name)
    {
        _nginx = nginx;
        _root = root;
        Port = port;
        Name = name;
    }

    public int Port { get; }
    public string Name { get; }
    public string Address => $"127.0.0.1:{Port}";

    public static FileSwitchedBackend Start(string name)
    {
        var port = FreePort.Next();
        var root = TempDirectory.Create("backend-");
        File.WriteAllText(Path.Combine(root, "healthz"), "ok\n");
        File.WriteAllText(Path.Combine(root, "serving"), "");
        var nginx = NginxInstance.StartHttp($$"""
            server {
                listen 127.0.0.1:{{port}};
                root {{root}};
                default_type text/plain;
                location = /healthz { }
                location / {
                    if (!-f $document_root/serving) { return 503; }
                    return 200 "{{name}}\n";
                }
            }
            """, port);
        return new FileSwitchedBackend(nginx, root, port, name);
    }

    /// <summary>What <c>/healthz</c> answers from now on; null: 404.</summary>
    public void SetHealth(string? body)
    {
        var path = Path.Combine(_root, "healthz");
        if (body is null) File.Delete(path);
        else File.WriteAllText(path, body);
    }

    /// <summary>Whether <c>/</c> answers 200 (true) or 503 (false).</summary>
    public void SetServing(bool serving)
    {
        var path = Path.Combine(_root, "serving");
        if (serving) File.WriteAllText(path, "");
        else File.Delete(path);
    }

    public void Dispose()
    {
        _nginx.Dispose();
        TempDirectory.TryDelete(_root);
    }
}
