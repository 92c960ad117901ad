using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyServer.Tests.Runtime.Upstream;

/// <summary>
/// A one-shot HTTP/1.0 GET over a plain socket, optionally from a chosen loopback source address
/// (any 127.a.b.c works on Linux), so balancing by client address can be driven from one process.
/// </summary>
public static class SourceBoundHttp
{
    public static async Task<(int Status, string Body)> GetAsync(int port, string path, IPAddress? source = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (source is not null) socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: test\r\n\r\n"));
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(chunk)) > 0) buffer.Write(chunk, 0, read);
        var text = Encoding.ASCII.GetString(buffer.ToArray());
        var status = int.Parse(text.Split(' ', 3)[1]);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyStart < 0 ? "" : text[(bodyStart + 4)..]);
    }
}
