namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// A real nginx backend on its own port, and nginx and us proxying to it under one config: the
/// class fixture of the proxy differential tests, each of which only says what the backend
/// serves and how the proxies reach it (both configs get the backend's port).
/// </summary>
public abstract class NginxBackendPair : IDisposable
{
    protected NginxBackendPair(Func<int, string> backendHttp, Func<int, string> proxyHttp, int portCount = 1)
    {
        BackendPort = FreePort.Next();
        Backend = NginxInstance.StartHttp(backendHttp(BackendPort), BackendPort);
        Pair = DifferentialPair.StartHttp(proxyHttp(BackendPort), portCount);
    }

    public int BackendPort { get; }

    public NginxInstance Backend { get; }

    public DifferentialPair Pair { get; }

    public void Dispose()
    {
        Pair.Dispose();
        Backend.Dispose();
        GC.SuppressFinalize(this);
    }
}
