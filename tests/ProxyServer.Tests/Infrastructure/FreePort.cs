using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static void WaitUntilListening(int port, TimeSpan timeout, string host = "127.0.0.1")
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(host, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }
}
