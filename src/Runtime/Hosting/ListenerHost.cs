using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Http.Rejections;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.Hosting;

/// <summary>
/// Kestrel serving one listen socket with the request pipeline. One host per socket lets a
/// reload add and remove sockets without touching the others. The socket is bound first
/// (<see cref="Bind"/>, as nginx binds it: SO_REUSEADDR, SO_REUSEPORT only for <c>reuseport</c>,
/// IPV6_V6ONLY for <c>[::]</c> unless <c>ipv6only=off</c>), then handed to Kestrel, which listens
/// with its backlog: so a process can bind every socket of a config before any of them accepts. A
/// <c>unix:PATH</c> socket is made at the path (mode 0666) and removed when the host stops.
/// </summary>
public sealed class ListenerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IDisposable _rejections;

    private ListenerHost(ListenAddress address, WebApplication app, IDisposable rejections)
    {
        Address = address;
        _app = app;
        _rejections = rejections;
    }

    public ListenAddress Address { get; }

    /// <summary>Serves <paramref name="address"/> on <paramref name="bound"/>, a socket <see cref="Bind"/> made; the host owns it from here.</summary>
    public static async Task<ListenerHost> StartAsync(ListenAddress address, Socket bound, ModelHolder models, ServerLimits limits, ConnectionCounters connections)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.Configure<SocketTransportOptions>(options =>
        {
            options.CreateBoundListenSocket = _ => bound;
            if (address.Backlog is { } backlog) options.Backlog = backlog;
            // What a connection holds unsent before a write waits: the socket's send buffer nginx writes into (Linux
            // autotunes it to MBs on loopback). At the transport's 64 KiB, a proxied 1 MB response found the client
            // "behind" on most writes and went through memory and the temp file (BufferedResponseBody).
            options.MaxWriteBufferSize = 1024 * 1024;
        });
        // Registered after UseKestrelCore's socket transport, so Kestrel binds through it (the last one registered is tried first).
        builder.Services.AddSingleton<IConnectionListenerFactory>(services => new ArrivalOrderedTransport(
            ActivatorUtilities.CreateInstance<SocketTransportFactory>(services), address.Ssl ? null : connections.Arrivals));
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.AllowSynchronousIO = false;
            // nginx's HPACK encoder keeps no dynamic table: each response header is sent whole (h2_trailers.t counts the frames).
            options.AllowResponseHeaderCompression = false;
            // nginx takes the host of an absolute-form target over the Host header; Kestrel would refuse the mismatch.
            options.AllowHostHeaderOverride = true;
            options.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
            options.ResponseHeaderEncodingSelector = _ => Encoding.Latin1;
            options.Limits.MaxRequestBodySize = null;
            options.Limits.MaxRequestLineSize = limits.MaxRequestLineSize;
            options.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
            // nginx counts bytes, not headers: the byte limits above are the only ones.
            options.Limits.MaxRequestHeaderCount = limits.MaxRequestHeadersTotalSize;
            options.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            options.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            options.Limits.MinRequestBodyDataRate = null;
            options.Limits.MinResponseDataRate = null;
            options.Listen(address.EndPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(connections.Track);
                listen.Use(ArrivalOrderedTransport.Track);
                if (address.EndPoint is UnixDomainSocketEndPoint) listen.Use(LocalEndPoints.Remember(address.EndPoint));
                // Before TLS: the PROXY protocol header comes first on the wire.
                if (address.ProxyProtocol) listen.Use(ProxyProtocolReader.Install((connection, message) => LogConnectionError(models.Current, connection, message), limits.RequestHeadersTimeout));
                Tls.TlsListener.Configure(listen, address, models, limits);
                // After TLS: the gate sees the HTTP bytes Kestrel writes, before encryption.
                if (listen.Protocols != HttpProtocols.Http2)
                    listen.Use(RejectionGate.Install(connection => DefaultServerToken(models.Current, connection), limits.RequestHeadersTimeout));
            });
        });
        var app = builder.Build();
        var rejections = KestrelRejectionObserver.Subscribe(app.Services.GetRequiredService<DiagnosticListener>(), () => models.Current);
        var pipeline = new RequestPipeline(() => models.Current);
        app.Run(pipeline.HandleAsync);
        await app.StartAsync();
        return new ListenerHost(address, app, rejections);
    }

    /// <summary>The Server token nginx's page names for a request rejected on this connection: its default server's <c>server_tokens</c>.</summary>
    private static string DefaultServerToken(RuntimeModel model, Microsoft.AspNetCore.Connections.ConnectionContext connection)
    {
        var address = model.FindAddress(connection.LocalEndPoint as IPEndPoint ?? LocalEndPoints.Of(connection.Features)) ?? model.Addresses[0];
        return Core.ServerIdentity.Token(address.DefaultServer.Root.Core.ServerTokens);
    }

    /// <summary>
    /// An error about a connection before any request (ngx_http_log_error without a request): the default
    /// server's error log, with the client and the listening address.
    /// </summary>
    private static void LogConnectionError(RuntimeModel model, Microsoft.AspNetCore.Connections.ConnectionContext connection, string message)
    {
        var address = model.FindAddress(connection.LocalEndPoint as IPEndPoint ?? LocalEndPoints.Of(connection.Features)) ?? model.Addresses[0];
        var remote = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var client = remote is null ? "unix:" : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
        var log = address.DefaultServer.Root.Features.Get<Logging.LocationLogs>()?.ErrorLog ?? model.ErrorLog;
        log.Write(Logging.LogLevel.Error, $"{message}, client: {client}, server: {ListenAddress.Format(address.EndPoint)}");
    }

    /// <summary>Stops accepting, then waits for requests in flight until <paramref name="cancel"/> fires (QUIT waits, TERM does not).</summary>
    public Task StopAsync(CancellationToken cancel) => _app.StopAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rejections.Dispose();
    }

    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;
    private const int SoReusePort = 15;

    /// <summary>
    /// A socket bound to <paramref name="address"/>, not yet listening (ngx_open_listening_sockets). SO_REUSEADDR
    /// and SO_REUSEPORT are set as raw options: .NET's ReuseAddress sets SO_REUSEPORT too on Linux, which let us
    /// bind beside another process's reuseport socket and take part of its connections; nginx sets SO_REUSEPORT
    /// only for <c>listen ... reuseport</c>. Throws the bind's SocketException.
    /// </summary>
    public static Socket Bind(ListenAddress address)
    {
        if (address.EndPoint is UnixDomainSocketEndPoint unix) return BindUnixSocket(unix);
        var ip = (IPEndPoint)address.EndPoint;
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            if (address.ReusePort) socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            if (ip.AddressFamily == AddressFamily.InterNetworkV6)
                socket.DualMode = !address.Ipv6Only;
            socket.Bind(ip);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// ngx_open_listening_sockets for AF_UNIX: a path that exists fails as nginx's bind() does (98: Address already in use);
    /// the socket is made writable by everyone (0666), as nginx chmods it. Disposing the socket removes the file, as
    /// ngx_close_listening_sockets unlinks it.
    /// </summary>
    private static Socket BindUnixSocket(UnixDomainSocketEndPoint unix)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // .NET reads bind()'s ENOENT (no such directory) as EADDRNOTAVAIL: say what nginx's bind() says.
            if (Path.GetDirectoryName(unix.ToString()) is { Length: > 0 } directory && !Directory.Exists(directory))
                throw new DirectoryNotFoundException("2: No such file or directory");
            socket.Bind(unix);
            File.SetUnixFileMode(unix.ToString(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
                | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
