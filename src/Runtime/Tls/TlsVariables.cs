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
        variables.Register("ssl_client_v_remain", r => ClientCertificate(r) is { } c ? DaysLeft(c.NotAfter) : null);
        variables.Register("ssl_client_s_dn_legacy", r => ClientCertificate(r) is { } c ? DistinguishedName.OneLine(c.SubjectName) : null);
        variables.Register("ssl_client_i_dn_legacy", r => ClientCertificate(r) is { } c ? DistinguishedName.OneLine(c.IssuerName) : null);
        variables.Register("ssl_client_cert", r => ClientCertificate(r) is { } c ? Indented(c.ExportCertificatePem() + "\n") : null);
        variables.Register("ssl_client_escaped_cert", r => ClientCertificate(r) is { } c ? EscapeComponent(c.ExportCertificatePem() + "\n") : null);
        variables.Register("ssl_alpn_protocol", r => Handshake(r) is null ? null
            : r.Http.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.ITlsApplicationProtocolFeature>()?.ApplicationProtocol is { Length: > 0 } alpn ? System.Text.Encoding.ASCII.GetString(alpn.Span) : "");
        // Our TLS never resumes a session (openssl s_client -reconnect: every handshake "New"), so each is ".".
        variables.Register("ssl_session_reused", r => Handshake(r) is null ? null : ".");
        // No 0-RTT data is ever accepted, so no request came in early data (nginx's "1" is for those).
        variables.Register("ssl_early_data", r => Handshake(r) is null ? null : "");
        variables.Register("ssl_ciphers", r => Handshake(r) is null ? null : Hello(r) is { } hello ? string.Join(':', hello.CipherSuites.Select(ClientCipherName)) : null);
        variables.Register("ssl_curves", r => Handshake(r) is null ? null : Hello(r)?.SupportedGroups is { } groups ? string.Join(':', groups.Select(GroupName)) : "");
    }

    private static ITlsHandshakeFeature? Handshake(NginxRequest request) => request.Http.Features.Get<ITlsHandshakeFeature>();

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate(NginxRequest request) =>
        Handshake(request) is null ? null : TlsConnection.Of(request.Http)?.ClientCertificate ?? request.Http.Connection.ClientCertificate;

    private static ClientHello? Hello(NginxRequest request) =>
        request.Http.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(ClientHello), out var hello) == true ? hello as ClientHello : null;

    /// <summary>ngx_ssl_get_ciphers: the client's suites in its order, OpenSSL's name or <c>0x</c> and the two bytes in hex.</summary>
    private static string ClientCipherName(ushort code) => code switch
    {
        // The two signalling values OpenSSL's SSL_CIPHER_find also knows by name.
        0x00ff => "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        0x5600 => "TLS_FALLBACK_SCSV",
        _ => CipherList.OpenSslName(code) ?? $"0x{code:x4}",
    };

    /// <summary>ngx_ssl_get_curves: OpenSSL's short name of each group the client offers, or <c>0x</c> and its number in hex.</summary>
    private static string GroupName(ushort group) => group switch
    {
        0x0017 => "prime256v1", 0x0018 => "secp384r1", 0x0019 => "secp521r1", 0x001d => "X25519", 0x001e => "X448",
        0x0100 => "ffdhe2048", 0x0101 => "ffdhe3072", 0x0102 => "ffdhe4096", 0x0103 => "ffdhe6144", 0x0104 => "ffdhe8192",
        _ => $"0x{group:x4}",
    };

    /// <summary>ngx_ssl_get_client_v_remain: whole days until the certificate ends, 0 once it has.</summary>
    private static string DaysLeft(DateTime notAfter)
    {
        var seconds = (long)(notAfter.ToUniversalTime() - DateTime.UtcNow).TotalSeconds;
        return (seconds < 0 ? 0 : seconds / 86400).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>ngx_ssl_get_certificate (deprecated <c>$ssl_client_cert</c>): the PEM without its last newline, a tab after every other.</summary>
    private static string Indented(string pem) => pem[..^1].Replace("\n", "\n\t");

    /// <summary>ngx_escape_uri with NGX_ESCAPE_URI_COMPONENT: all but letters, digits and <c>-._~</c> as <c>%XX</c>.</summary>
    private static string EscapeComponent(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~') builder.Append(c);
            else builder.Append('%').Append(((int)c & 0xff).ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

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
