namespace ProxyServer.NginxConf.Tls;

/// <summary>
/// <c>ssl_ciphers</c> / <c>proxy_ssl_ciphers</c>: an OpenSSL cipher string expanded by libssl itself
/// into IANA suite codes (TLS 1.3 suites included, which the string does not change, as in nginx).
/// </summary>
public sealed record CipherList(IReadOnlyList<ushort> Codes)
{
    /// <summary>nginx's default <c>ssl_ciphers</c>.</summary>
    public const string NginxDefault = "HIGH:!aNULL:!MD5";

    /// <summary>False where libssl cannot be asked (then the OS default suites apply and <c>check</c> says so).</summary>
    public static bool CanExpand => OpenSsl.IsAvailable;

    /// <summary>The expansion, or nginx's error (<c>SSL_CTX_set_cipher_list("FOO") failed (SSL: ...no cipher match)</c>).</summary>
    public static (CipherList? Value, string? Error) Parse(string text)
    {
        if (!CanExpand) return (null, null);
        var (suites, error) = OpenSsl.ExpandCipherList(text);
        if (error is not null) return (null, $"SSL_CTX_set_cipher_list(\"{text}\") failed (SSL: {error})");
        return (new CipherList(suites.Select(s => s.Code).ToList()), null);
    }

    /// <summary>OpenSSL's name of a suite (<c>$ssl_cipher</c>), or null when libssl does not know it.</summary>
    public static string? OpenSslName(ushort code) => OpenSsl.IsAvailable && OpenSsl.SuiteNames.TryGetValue(code, out var name) ? name : null;
}
