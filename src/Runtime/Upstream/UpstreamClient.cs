using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using ProxyServer.Runtime.Upstream.Retry;
using Yarp.ReverseProxy.Forwarder;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// The forwarder and HTTP clients one process talks to peers with (part of its <see cref="Model.ProcessCycle"/>),
/// one client per connect timeout and keepalive setting, so a reload keeps the pooled connections.
/// </summary>
public sealed class UpstreamClients : IDisposable
{
    private readonly ConcurrentDictionary<(TimeSpan, UpstreamKeepalive?), HttpMessageInvoker> _clients = new();
    private readonly Lazy<ServiceProvider> _services = new(() => new ServiceCollection().AddLogging().AddHttpForwarder().BuildServiceProvider());
    private IHttpForwarder? _forwarder;

    /// <summary>
    /// YARP's forwarder, one for the process (built on first use: a <c>check</c> never needs it): it keeps no
    /// per-listener state, and taking it from <c>HttpContext.RequestServices</c> would create a DI scope for every request.
    /// </summary>
    public IHttpForwarder Forwarder => _forwarder ??= _services.Value.GetRequiredService<IHttpForwarder>();

    /// <summary>.NET's client for plain-TCP peers that speak HTTP/2 (grpc_pass's h2c), one per connect timeout and keepalive.</summary>
    public HttpMessageInvoker For(TimeSpan connectTimeout, UpstreamKeepalive? keepalive = null) =>
        _clients.GetOrAdd((connectTimeout, keepalive), key => UpstreamClient.NewInvoker(key.Item1, keepalive: key.Item2));

    private readonly ConcurrentDictionary<(TimeSpan, UpstreamKeepalive?), HttpMessageInvoker> _http1 = new();

    /// <summary>The client of proxy_pass's plain HTTP peers (TCP or unix socket): our own HTTP/1.x handler, one per connect timeout and keepalive.</summary>
    public HttpMessageInvoker Http1For(TimeSpan connectTimeout, UpstreamKeepalive? keepalive) =>
        _http1.GetOrAdd((connectTimeout, keepalive), key => new HttpMessageInvoker(new Http1.Http1UpstreamHandler(key.Item1, key.Item2)));

    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _wires = new(StringComparer.Ordinal);

    /// <summary>
    /// The process's one client of a wire protocol other than HTTP (FastCGI, SCGI, uwsgi), made on first use: it
    /// holds that wire's kept connections, so a reload keeps them as it keeps the HTTP pools.
    /// </summary>
    /// <param name="scheme">The wire's name (fastcgi, scgi, uwsgi): one client each.</param>
    public HttpMessageInvoker Wire(string scheme, Func<HttpMessageHandler> create) =>
        _wires.GetOrAdd(scheme, _ => new HttpMessageInvoker(create()));

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
        foreach (var client in _http1.Values) client.Dispose();
        foreach (var wire in _wires.Values) wire.Dispose();
        if (_services.IsValueCreated) _services.Value.Dispose();
    }
}

/// <summary>
/// How peer connections are made. Without keepalive a connection serves one request (nginx closes it
/// even when the peer would not). Each client opens its own sockets so the attempt being made learns its
/// connect time (<c>$upstream_connect_time</c>) and whether the connection was ever established (a
/// request never sent may be retried even when non-idempotent).
/// </summary>
public static class UpstreamClient
{
    /// <summary>The attempt an upstream request belongs to, set by the transformer and read by the connect callback (as upstream TLS passes its names).</summary>
    public static readonly HttpRequestOptionsKey<UpstreamAttempt> AttemptKey = new("proxyserver.upstream-attempt");

    /// <summary>
    /// The authority a request to <paramref name="peer"/> names in its URI: its address, or for a peer on a unix
    /// socket a name made from the path (the connect callback goes to the socket; the name keeps each socket's
    /// pooled connections apart). The Host header is <c>$proxy_host</c>'s either way.
    /// </summary>
    public static string Authority(UpstreamPeer peer) => peer.Address is UnixDomainSocketEndPoint unix
        ? "unix-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(unix.ToString())), 0, 16)
        : peer.Name;

    /// <summary>
    /// A client with the settings every peer connection uses. Upstream TLS passes <paramref name="handshake"/>:
    /// it runs on each new connection before the connect time is taken (nginx's includes the handshake).
    /// </summary>
    public static HttpMessageInvoker NewInvoker(TimeSpan connectTimeout,
        Func<Stream, SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? handshake = null, UpstreamKeepalive? keepalive = null) =>
        new(new InvalidHeaderCheck(NewHandler(connectTimeout, handshake, keepalive)));

    private static SocketsHttpHandler NewHandler(TimeSpan connectTimeout,
        Func<Stream, SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? handshake = null, UpstreamKeepalive? keepalive = null) =>
        new()
        {
            // Zero lifetime and idle time: the pool never hands a connection out twice.
            PooledConnectionLifetime = keepalive?.MaxLifetime ?? TimeSpan.Zero,
            PooledConnectionIdleTimeout = keepalive?.IdleTimeout ?? TimeSpan.Zero,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = connectTimeout,
            EnableMultipleHttp2Connections = false,
            ActivityHeadersPropagator = null,
            ConnectCallback = (context, cancel) => ConnectAsync(context, handshake, cancel),
        };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context,
        Func<Stream, SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? handshake, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        context.InitialRequestMessage.Options.TryGetValue(AttemptKey, out var attempt);
        // A peer on a unix socket: the URI's host only keeps its pooled connections apart (Authority).
        var socket = attempt?.UnixSocket is null
            ? new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (attempt?.UnixSocket is { } unix) await socket.ConnectAsync(unix, cancellationToken);
            else await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        // An HTTP/2 peer (grpc_pass) sends frames, not HTTP/1 heads; over TLS .NET speaks h2 on the SslStream itself.
        var http2 = context.InitialRequestMessage.Version.Major == 2;
        var stream = UpstreamTraffic.Count(new NetworkStream(socket, ownsSocket: true), readsHeads: handshake is null && !http2);
        if (handshake is not null)
        {
            try
            {
                var secured = await handshake(stream, context, cancellationToken);
                stream = http2 ? secured : UpstreamTraffic.ReadHeads(secured);
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }
        }
        if (attempt is not null) attempt.ConnectMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return stream;
    }
}

/// <summary>
/// A response whose head the connection showed invalid (<see cref="ResponseHeadScan"/>: a bare CR that .NET's
/// client turned into a space) is not passed on: it fails the attempt as nginx's NGX_HTTP_UPSTREAM_INVALID_HEADER
/// does (logged, <c>proxy_next_upstream invalid_header</c>, else 502).
/// </summary>
internal sealed class InvalidHeaderCheck(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        StreamedRequestContent.Wrap(request);
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException) when (Invalid(request) is { } refused)
        {
            // .NET refuses some such heads itself (a CR in a header name): nginx's words for it all the same.
            throw new UpstreamResponseException(refused);
        }
        if (Invalid(request) is { } invalid)
        {
            response.Dispose();
            throw new UpstreamResponseException(invalid);
        }
        return response;
    }

    private static string? Invalid(HttpRequestMessage request) =>
        request.Options.TryGetValue(UpstreamClient.AttemptKey, out var attempt) ? attempt.Head.Invalid : null;
}
