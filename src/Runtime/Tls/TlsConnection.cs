using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// What one connection on an SSL socket learnt before its requests: plain HTTP sent to the SSL
/// port (nginx's 497), the server SNI chose, and the client certificate verdict
/// (<c>$ssl_client_verify</c>). Kept in the connection's items so every request on it sees it.
/// </summary>
public sealed class TlsConnection
{
    /// <summary>The first byte was not a TLS record: requests are read as plain HTTP and answered 497.</summary>
    public bool PlainHttp { get; init; }

    /// <summary>The settings of the server the handshake chose by SNI (null for plain HTTP).</summary>
    public ServerTls? Settings { get; init; }

    /// <summary>The SNI name as sent ("" without SNI).</summary>
    public string ServerName { get; init; } = "";

    /// <summary>The validated SNI name when it found a server by name (nginx's hc->ssl_servername), else null.</summary>
    public string? MatchedName { get; init; }

    /// <summary><c>$ssl_client_verify</c>: NONE, SUCCESS or FAILED:reason.</summary>
    public string Verify { get; set; } = "NONE";

    /// <summary>OpenSSL's verify error code for the log line (<c>18:self-signed certificate</c>); 0 when verified.</summary>
    public int VerifyError { get; set; }

    public X509Certificate2? ClientCertificate { get; set; }

    public static TlsConnection? Of(HttpContext http) =>
        http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(TlsConnection), out var value) == true ? value as TlsConnection : null;
}
