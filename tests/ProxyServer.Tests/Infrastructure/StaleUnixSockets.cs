using System.Net.Sockets;

namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// Socket files a killed server left behind (nginx and we remove ours at a clean exit only). Tests name their
/// sockets after a free TCP port, so a later run handed the same port would find the old file and fail to bind,
/// as nginx does. A file nobody listens on refuses a connection: that one is removed, a live one is left alone.
/// </summary>
public static class StaleUnixSockets
{
    public static void Remove(string directory, string pattern)
    {
        foreach (var path in Directory.EnumerateFiles(directory, pattern))
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            catch (SocketException)
            {
                // not a socket we can judge: leave it
            }
        }
    }
}
