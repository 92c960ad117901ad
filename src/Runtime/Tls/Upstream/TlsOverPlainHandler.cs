using System.Net.Http;

namespace ProxyServer.Runtime.Tls.Upstream;

/// <summary>The names one request's upstream TLS connection uses: SNI sent ("" for none) and the name its certificate must carry.</summary>
public sealed record UpstreamTlsNames(string ServerName, string VerifiedName);

/// <summary>
/// Sends one request to an https peer through a pool whose connections are TLS already (the
/// handshake runs in the connect callback, with our SNI rule): the request goes out as
/// <c>http://HOST:PORT</c> so .NET does not wrap the stream in a second TLS layer of its own choosing. Without
/// <paramref name="toPlain"/> (grpcs) the https URI stays: .NET uses the SslStream the connect callback returns as it
/// is, speaks HTTP/2 when its ALPN chose h2, and the peer sees <c>:scheme https</c>.
/// </summary>
internal sealed class TlsOverPlainHandler(HttpMessageInvoker connections, UpstreamTlsNames names, HttpRequestOptionsKey<UpstreamTlsNames> key, bool toPlain)
    : HttpMessageHandler
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (toPlain && request.RequestUri is { } uri && uri.Scheme == Uri.UriSchemeHttps) request.RequestUri = Plain(uri);
        request.Options.Set(key, names);
        return connections.SendAsync(request, cancellationToken);
    }

    /// <summary>The same URI, byte for byte after the authority, with scheme http and the port written out.</summary>
    private static Uri Plain(Uri uri)
    {
        var original = uri.OriginalString;
        var afterScheme = original.IndexOf("://", StringComparison.Ordinal) + 3;
        var rest = original.IndexOfAny(['/', '?', '#'], afterScheme);
        return new Uri($"http://{uri.Host}:{uri.Port}{(rest < 0 ? "" : original[rest..])}", in Verbatim);
    }
}
