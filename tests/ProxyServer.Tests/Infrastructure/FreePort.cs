using System.Net;
using System.Net.Sockets;

namespace ProxyServer.Tests.Infrastructure;

public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it), never one
    /// this test run was given before: the kernel may pick a port again once its probe closed,
    /// and two servers of one test given the same port answered for each other.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port)) return port;
            }
        }
    }

    /// <summary>
    /// The first of <paramref name="count"/> consecutive ports on 127.0.0.1 and ::1 that nothing listens on now and
    /// that this test run was never given (for <c>listen FIRST-LAST</c>).
    /// </summary>
    public static int NextRun(int count)
    {
        while (true)
        {
            var first = Next();
            if (first + count - 1 > 65535) continue;
            lock (HandedOut)
            {
                var ports = Enumerable.Range(first + 1, count - 1).ToList();
                if (ports.Any(HandedOut.Contains) || !ports.All(p => Bindable(IPAddress.Loopback, p) && Bindable(IPAddress.IPv6Loopback, p))
                    || !Bindable(IPAddress.IPv6Loopback, first)) continue;
                foreach (var port in ports) HandedOut.Add(port);
                return first;
            }
        }
    }

    private static bool Bindable(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
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
