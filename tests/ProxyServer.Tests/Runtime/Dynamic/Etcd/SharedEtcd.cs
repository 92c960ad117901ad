using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Dynamic.Etcd;

/// <summary>One etcd for a test class whose tests never stop it (each test uses its own key prefix).</summary>
public sealed class SharedEtcd : IDisposable
{
    public EtcdInstance Etcd { get; } = EtcdInstance.Start();

    public void Dispose() => Etcd.Dispose();
}
