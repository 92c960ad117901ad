using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.Health;

/// <summary>
/// One check's verdict. A failure names the stage it happened in (<c>connecting to upstream</c>,
/// <c>checking status code</c>...) and, for an I/O error, the error as nginx words it.
/// </summary>
public readonly record struct ProbeResult(bool Passed, string? Stage, string? Error)
{
    public static readonly ProbeResult Pass = new(true, null, null);

    public static ProbeResult Fail(string stage, string? error = null) => new(false, stage, error);
}

/// <summary>
/// Sends one health check to one peer: <c>GET uri HTTP/1.1</c> with <c>Host</c> set to the upstream's
/// name (the <c>$proxy_host</c> a proxied request carries) unless the location's literal
/// <c>proxy_set_header</c> lines say otherwise, on a new connection to the peer's address
/// (or <c>port=</c>), within the location's proxy connect and read timeouts. Without a <c>match</c>
/// block a 2xx or 3xx passes; with one, every test of the block must pass.
/// </summary>
public sealed class HealthProbe : IDisposable
{
    private readonly HttpClient _client;

    public HealthProbe()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The option key carrying the peer's address to <see cref="ConnectAsync"/>.</summary>
    private static readonly HttpRequestOptionsKey<EndPoint> Target = new("proxyserver.health.target");

    public async Task<ProbeResult> CheckAsync(HealthCheckDefinition check, UpstreamPeer peer, CancellationToken stop)
    {
        var endPoint = peer.Address;
        if (check.Parameters.Port is { } port && endPoint is IPEndPoint ip) endPoint = new IPEndPoint(ip.Address, port);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://health-check" + check.Parameters.Uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Host = check.Upstream.Name;
        foreach (var (name, value) in check.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) request.Headers.Host = value;
            else if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.ConnectionClose = true; // every check has its own connection
        request.Options.Set(Target, endPoint);

        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        connectTimeout.CancelAfter(check.ConnectTimeout + check.ReadTimeout);
        var stage = "connecting to upstream";
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connectTimeout.Token);
            stage = "reading response body from upstream";
            var body = await ReadBodyAsync(response, connectTimeout.Token);
            return Judge(check.Match, response, body);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return ProbeResult.Fail(stage, "upstream timed out (110: Connection timed out)");
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            return ProbeResult.Fail(stage, $"connect() failed ({SocketErrorText(socket)})");
        }
        catch (HttpRequestException e)
        {
            return ProbeResult.Fail("reading response header from upstream", $"upstream prematurely closed connection ({e.Message})");
        }
        catch (IOException e)
        {
            return ProbeResult.Fail(stage, $"recv() failed ({e.Message})");
        }
    }

    private static ProbeResult Judge(HealthMatch? match, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (match is null)
            return status is >= 200 and < 400 ? ProbeResult.Pass : ProbeResult.Fail("checking status code");
        try
        {
            var failed = match.FirstFailure(new HealthMatch.Response(status, name => HeaderValues(response, name), body));
            return failed is null ? ProbeResult.Pass : ProbeResult.Fail(failed.Checking);
        }
        catch (RegexMatchTimeoutException)
        {
            return ProbeResult.Fail("checking response body", "regular expression timed out");
        }
    }

    private static IReadOnlyList<string> HeaderValues(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values)) return [.. values];
        if (response.Content.Headers.NonValidated.TryGetValues(name, out var content)) return [.. content];
        return [];
    }

    /// <summary>The first 256k of the body, bytes as Latin-1 characters so a regex sees them as PCRE would.</summary>
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancel);
        var buffer = new byte[HealthMatch.BodyLimit];
        var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancel);
        return Encoding.Latin1.GetString(buffer, 0, length);
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        var endPoint = context.InitialRequestMessage.Options.TryGetValue(Target, out var target) ? target : context.DnsEndPoint;
        var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>errno and text as nginx prints them (<c>111: Connection refused</c>).</summary>
    private static string SocketErrorText(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "111: Connection refused",
        SocketError.TimedOut => "110: Connection timed out",
        SocketError.HostUnreachable => "113: No route to host",
        SocketError.NetworkUnreachable => "101: Network is unreachable",
        _ => $"{e.NativeErrorCode}: {e.Message}",
    };

    public void Dispose() => _client.Dispose();
}
