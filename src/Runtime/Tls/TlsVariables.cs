using System.Globalization;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using ProxyServer.NginxConf.Tls;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// ngx_http_ssl_module's variables. Each is "not found" (empty) on a plain connection, as in
/// nginx; <c>$https</c> is the core's (<c>on</c> or empty).
/// </summary>
public static class TlsVariables
{
    public static void Register(VariableRegistry variables)
    {
        variables.Register("ssl_protocol", r => Handshake(r) is { } tls ? ProtocolName(tls.Protocol) : null);
        variables.Register("ssl_cipher", r => Handshake(r)?.NegotiatedCipherSuite is { } suite ? CipherName(suite) : null);
        variables.Register("ssl_server_name", r => Handshake(r) is { HostName.Length: > 0 } tls ? tls.HostName : null);
        variables.Register("ssl_client_verify", r => Handshake(r) is null ? null : TlsConnection.Of(r.Http)?.Verify ?? "NONE");
        variables.Register("ssl_client_s_dn", r => ClientCertificate(r) is { } c ? DistinguishedName.Rfc2253(c.SubjectName) : null);
        variables.Register("ssl_client_i_dn", r => ClientCertificate(r) is { } c ? DistinguishedName.Rfc2253(c.IssuerName) : null);
        variables.Register("ssl_client_serial", r => ClientCertificate(r)?.SerialNumber);
        variables.Register("ssl_client_fingerprint", r => ClientCertificate(r) is { } c ? c.GetCertHashString().ToLowerInvariant() : null);
        variables.Register("ssl_client_raw_cert", r => ClientCertificate(r) is { } c ? c.ExportCertificatePem() + "\n" : null);
        variables.Register("ssl_client_v_start", r => ClientCertificate(r) is { } c ? CertificateTime(c.NotBefore) : null);
        variables.Register("ssl_client_v_end", r => ClientCertificate(r) is { } c ? CertificateTime(c.NotAfter) : null);
    }

    private static ITlsHandshakeFeature? Handshake(NginxRequest request) => request.Http.Features.Get<ITlsHandshakeFeature>();

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate(NginxRequest request) =>
        Handshake(request) is null ? null : TlsConnection.Of(request.Http)?.ClientCertificate ?? request.Http.Connection.ClientCertificate;

    /// <summary>OpenSSL's SSL_get_version names.</summary>
    public static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
#pragma warning disable SYSLIB0039 // only named, never enabled
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
#pragma warning restore SYSLIB0039
        _ => "unknown",
    };

    /// <summary>OpenSSL's name of the suite (<c>ECDHE-RSA-AES256-GCM-SHA384</c>), as nginx prints it.</summary>
    public static string CipherName(System.Net.Security.TlsCipherSuite suite) => CipherList.OpenSslName((ushort)suite) ?? suite.ToString();

    /// <summary>ASN1_TIME_print's form: <c>Nov 27 07:51:34 2026 GMT</c>.</summary>
    private static string CertificateTime(DateTime time)
    {
        var utc = time.ToUniversalTime();
        return utc.ToString("MMM ", CultureInfo.InvariantCulture) + utc.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + utc.ToString(" HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture);
    }
}
