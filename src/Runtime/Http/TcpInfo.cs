using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// ngx_http_variable_tcpinfo: four fields of the kernel's <c>struct tcp_info</c> for the client connection
/// (<c>getsockopt(fd, IPPROTO_TCP, TCP_INFO)</c>), printed as unsigned numbers; "not found" when the socket
/// cannot say (not TCP, not Linux, or closed).
/// </summary>
public static class TcpInfo
{
    private const int IpProtocolTcp = 6;
    private const int TcpInfoOption = 11;

    /// <summary>Offsets in Linux's <c>struct tcp_info</c> (include/uapi/linux/tcp.h): eight one-byte fields, then 32-bit ones.</summary>
    public const int Rtt = 68, RttVariance = 72, SendCongestionWindow = 80, ReceiveSpace = 96;

    /// <summary><c>tcpi_bytes_received</c> (a 64-bit field at 128): bytes the kernel took in, read by us or not; null when it cannot say.</summary>
    public static long? BytesReceived(Socket socket)
    {
        const int offset = 128;
        if (!OperatingSystem.IsLinux() || socket.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return null;
        Span<byte> info = stackalloc byte[232];
        try
        {
            return socket.GetRawSocketOption(IpProtocolTcp, TcpInfoOption, info) >= offset + 8
                ? (long)BinaryPrimitives.ReadUInt64LittleEndian(info[offset..]) : null;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    public static string? Field(NginxRequest request, int offset)
    {
        if (!OperatingSystem.IsLinux() || request.Http.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket) return null;
        Span<byte> info = stackalloc byte[232];
        try
        {
            var length = socket.GetRawSocketOption(IpProtocolTcp, TcpInfoOption, info);
            if (length < offset + 4) return null;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
        return BinaryPrimitives.ReadUInt32LittleEndian(info[offset..]).ToString(CultureInfo.InvariantCulture);
    }
}
