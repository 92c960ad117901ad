using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using Yarp.ReverseProxy.Forwarder;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// Forwards the request through YARP's <see cref="IHttpForwarder"/> with the upstream URI built
/// by nginx's rules (<see cref="UpstreamUri"/>). A failure before the response started becomes
/// nginx's status (502 refused/reset, 504 timed out) so error_page and nginx's page apply.
/// </summary>
public sealed class ProxyContentHandler(ProxyTarget target, LocationKind kind, string locationName, ProxySettings settings) : IContentHandler
{
    private static readonly ConcurrentDictionary<TimeSpan, HttpMessageInvoker> Clients = new();

    public ProxyTarget Target => target;

    public async Task<int> HandleAsync(NginxRequest request)
    {
        var resolved = target;
        if (target.Dynamic is { } dynamic)
        {
            var url = dynamic.Evaluate(request);
            resolved = ProxyTarget.ParseLiteral(url) ?? target;
            if (ReferenceEquals(resolved, target))
            {
                request.LogError($"invalid URL prefix in \"{url}\"");
                return 500;
            }
        }
        var port = resolved.HostAndPort.LastIndexOf(':') is var colon and > 0 && !resolved.HostAndPort.EndsWith(']') ? resolved.HostAndPort[(colon + 1)..] : (resolved.Scheme == "https" ? "443" : "80");
        request.Features.Set(new ProxyRequestState(resolved.ProxyHost, port));

        var uri = UpstreamUri(request, resolved, target.Dynamic is not null);
        var forwarder = request.Http.RequestServices.GetRequiredService<IHttpForwarder>();
        var config = new ForwarderRequestConfig
        {
            ActivityTimeout = settings.ReadTimeout,
            Version = settings.Http11 ? HttpVersion.Version11 : HttpVersion.Version10,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var destination = $"{resolved.Scheme}://{resolved.HostAndPort}";
        var transformer = new NginxRequestTransformer(destination + uri, resolved.ProxyHost, settings.Http11);
        var response = request.Http.Response;
        response.OnStarting(() =>
        {
            // nginx hides the upstream's Server header and sends its own; error_page's "=code" still applies.
            Responses.Start(request, response.StatusCode);
            return Task.CompletedTask;
        });
        var body = response.Body;
        var counting = new CountingStream(body);
        response.Body = counting;
        ForwarderError error;
        try
        {
            error = await forwarder.SendAsync(request.Http, destination, Client(settings.ConnectTimeout), config, transformer);
        }
        finally
        {
            response.Body = body;
            request.BodyBytesSent += counting.Written;
        }
        if (error == ForwarderError.None)
        {
            request.Status = request.Http.Response.StatusCode;
            return Outcome.Done;
        }
        if (request.Http.Response.HasStarted) return Outcome.Done;

        var exception = request.Http.Features.Get<IForwarderErrorFeature>()?.Exception;
        var timedOut = error is ForwarderError.RequestTimedOut || exception is TimeoutException or OperationCanceledException && !request.Http.RequestAborted.IsCancellationRequested;
        if (request.Http.RequestAborted.IsCancellationRequested) return 499;
        request.LogError($"{Describe(exception, timedOut)} while connecting to upstream, upstream: \"{destination}{uri}\"");
        request.Http.Response.Clear();
        return timedOut ? 504 : 502;
    }

    /// <summary>
    /// nginx's upstream URI: the request URI as received when nothing changed it and proxy_pass has
    /// no URI part; otherwise the URI part replacing the matched location prefix, then the
    /// (escaped) rest of <c>$uri</c> and the arguments.
    /// </summary>
    private string UpstreamUri(NginxRequest request, ProxyTarget resolved, bool dynamic)
    {
        if (dynamic && resolved.Uri is not null) return resolved.Uri;
        if (resolved.Uri is null && !request.IsInternal && !request.UriRewritten) return request.RequestUri.StartsWith('/') ? request.RequestUri : AbsoluteFormPath(request.RequestUri);
        // After "rewrite ... break" nginx drops the URI part and passes the whole changed URI.
        var prefix = request.ValidLocation ? resolved.Uri ?? "" : "";
        var cut = resolved.Uri is not null && request.ValidLocation && kind is LocationKind.Prefix or LocationKind.PrefixNoRegex or LocationKind.Exact
            && request.Uri.StartsWith(locationName, StringComparison.Ordinal) ? locationName.Length : 0;
        var builder = new StringBuilder(prefix);
        builder.Append(EscapeUri(request.Uri[cut..]));
        if (request.Args.Length > 0) builder.Append('?').Append(request.Args);
        return builder.ToString();
    }

    private static string AbsoluteFormPath(string target)
    {
        var start = target.IndexOf("//", StringComparison.Ordinal) + 2;
        var slash = target.IndexOf('/', start);
        return slash < 0 ? "/" : target[slash..];
    }

    /// <summary>ngx_escape_uri with NGX_ESCAPE_URI: space, <c>#</c>, <c>%</c>, <c>?</c>, controls and bytes from 0x7F.</summary>
    internal static string EscapeUri(string uri)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < uri.Length; i++)
        {
            var c = uri[i];
            if (c <= ' ' || c >= '\x7f' || c is '#' or '%' or '?')
            {
                builder ??= new StringBuilder(uri, 0, i, uri.Length + 8);
                builder.Append('%').Append(((int)c & 0xff).ToString("X2"));
            }
            else
            {
                builder?.Append(c);
            }
        }
        return builder?.ToString() ?? uri;
    }

    private static string Describe(Exception? exception, bool timedOut)
    {
        if (timedOut) return "upstream timed out (110: Connection timed out)";
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connect() failed (111: Connection refused)",
                    SocketError.ConnectionReset => "recv() failed (104: Connection reset by peer)",
                    SocketError.HostNotFound => "host not found",
                    _ => $"connect() failed ({socket.NativeErrorCode}: {socket.Message})",
                };
            }
        }
        return "upstream prematurely closed connection";
    }

    private static HttpMessageInvoker Client(TimeSpan connectTimeout) => Clients.GetOrAdd(connectTimeout, timeout =>
        new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = timeout,
            EnableMultipleHttp2Connections = false,
            ActivityHeadersPropagator = null,
        }));
}
