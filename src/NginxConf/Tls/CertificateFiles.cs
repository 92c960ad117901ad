using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ProxyServer.NginxConf.Tls;

/// <summary>A certificate with its private key and the chain sent after it (the rest of the PEM file).</summary>
public sealed record CertificateWithKey(X509Certificate2 Leaf, X509Certificate2Collection Chain);

/// <summary>
/// PEM files as nginx loads them for <c>ssl_certificate</c>/<c>ssl_certificate_key</c> and the CA
/// lists (<c>ssl_client_certificate</c>, <c>proxy_ssl_trusted_certificate</c>), failing with the
/// words <c>nginx -t</c> prints (OpenSSL 3's error strings, which name the file). <c>check</c>
/// and <c>run</c> share this, so both report a bad file identically.
/// </summary>
public static class CertificateFiles
{
    private static readonly string[] KeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"];

    /// <summary>
    /// Loads a certificate file (leaf first, then its chain) and its key; the error names the file that failed.
    /// An encrypted key (PKCS#8, what OpenSSL 3 writes) is tried with each of <paramref name="passwords"/>
    /// in order (<c>ssl_password_file</c>), as OpenSSL's password callback is by nginx.
    /// </summary>
    public static (CertificateWithKey? Value, string? Error) Load(string certificatePath, string keyPath, IReadOnlyList<string>? passwords = null)
    {
        var (chain, error) = LoadCertificates(certificatePath);
        if (chain is null) return (null, error);
        var (keyPem, keyError, encrypted) = ReadKey(keyPath);
        if (keyPem is null) return (null, keyError);
        if (encrypted) return LoadEncrypted(chain, keyPem, keyPath, passwords);
        try
        {
            var leaf = X509Certificate2.CreateFromPem(chain[0].ExportCertificatePem(), keyPem);
            var rest = new X509Certificate2Collection();
            for (var i = 1; i < chain.Count; i++) rest.Add(chain[i]);
            return (new CertificateWithKey(leaf, rest), null);
        }
        catch (CryptographicException)
        {
            return (null, $"SSL_CTX_use_PrivateKey(\"{keyPath}\") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)");
        }
    }

    private static (CertificateWithKey? Value, string? Error) LoadEncrypted(X509Certificate2Collection chain, string keyPem, string keyPath,
        IReadOnlyList<string>? passwords)
    {
        if (passwords is null)
            return (null, $"cannot load certificate key \"{keyPath}\": PEM_read_bio_PrivateKey() failed (SSL: error:07880109:common libcrypto routines::interrupted or cancelled error:1C80009F:Provider routines::unable to get passphrase error:1400006B:UI routines::processing error) (an encrypted key needs ssl_password_file)");
        var rest = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++) rest.Add(chain[i]);
        foreach (var password in passwords)
        {
            try
            {
                var leaf = X509Certificate2.CreateFromEncryptedPem(chain[0].ExportCertificatePem(), keyPem, password);
                return (new CertificateWithKey(leaf, rest), null);
            }
            catch (CryptographicException)
            {
                // the next pass phrase, as ngx_ssl_password_callback is asked again
            }
        }
        return (null, $"cannot load certificate key \"{keyPath}\": PEM_read_bio_PrivateKey() failed (SSL: {WrongPassword} {WrongPassword})");
    }

    /// <summary>OpenSSL 3's queued errors for a pass phrase that does not decrypt the key (nginx prints the last attempt's two).</summary>
    private const string WrongPassword = "error:1C800064:Provider routines::bad decrypt error:11800074:PKCS12 routines::pkcs12 cipherfinal error:maybe wrong password";

    /// <summary>Whether a key file holds an encrypted key (its pass phrases come from the password file, read by the compile).</summary>
    public static bool IsEncryptedKey(string path) => ReadKey(path).Encrypted;

    /// <summary>Every certificate of a PEM file (<c>ssl_certificate</c> alone); null with nginx's message when there is none.</summary>
    public static (X509Certificate2Collection? Value, string? Error) LoadCertificates(string path)
    {
        if (ReadFile(path) is not { } text) return (null, $"cannot load certificate \"{path}\": {OpenFailure(path)}");
        var all = ImportPem(text);
        if (all.Count == 0)
            return (null, $"cannot load certificate \"{path}\": PEM_read_bio_X509_AUX() failed (SSL: error:0480006C:PEM routines::no start line:Expecting: TRUSTED CERTIFICATE)");
        return (all, null);
    }

    /// <summary>A CA bundle (<c>ssl_client_certificate</c>, <c>proxy_ssl_trusted_certificate</c>), worded as SSL_CTX_load_verify_locations fails.</summary>
    public static (X509Certificate2Collection? Value, string? Error) LoadAuthorities(string path)
    {
        if (ReadFile(path) is not { } text)
            return (null, $"SSL_CTX_load_verify_locations(\"{path}\") failed (SSL: {OpenErrors(path)} error:05880002:x509 certificate routines::system lib)");
        var all = ImportPem(text);
        if (all.Count == 0)
            return (null, $"SSL_CTX_load_verify_locations(\"{path}\") failed (SSL: error:05880009:x509 certificate routines::PEM lib)");
        return (all, null);
    }

    /// <summary>Every certificate in a PEM text; none when the text holds none or a broken one (each caller words that as nginx does).</summary>
    private static X509Certificate2Collection ImportPem(string text)
    {
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(text);
        }
        catch (CryptographicException)
        {
            all.Clear();
        }
        return all;
    }

    /// <summary>Why a key file cannot be used on its own (unreadable, no key in it), or null.</summary>
    public static string? KeyError(string path) => ReadKey(path).Error;

    private static (string? Pem, string? Error, bool Encrypted) ReadKey(string path)
    {
        if (ReadFile(path) is not { } text) return (null, $"cannot load certificate key \"{path}\": {OpenFailure(path)}", false);
        foreach (var label in KeyLabels)
        {
            var begin = text.IndexOf($"-----BEGIN {label}-----", StringComparison.Ordinal);
            if (begin < 0) continue;
            return (text, null, label == "ENCRYPTED PRIVATE KEY");
        }
        return (null, $"cannot load certificate key \"{path}\": PEM_read_bio_PrivateKey() failed (SSL: error:1E08010C:DECODER routines::unsupported:No supported data to decode. Input type: PEM)", false);
    }

    private static string? ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string OpenFailure(string path) => $"BIO_new_file() failed (SSL: {OpenErrors(path)})";

    /// <summary>OpenSSL 3's two queued errors for a failed fopen().</summary>
    private static string OpenErrors(string path)
    {
        var (code, text) = Directory.Exists(path) ? ("80000015", "Is a directory")
            : File.Exists(path) ? ("8000000D", "Permission denied")
            : ("80000002", "No such file or directory");
        return $"error:{code}:system library::{text}:calling fopen({path}, r) error:10000080:BIO routines::no such file";
    }
}
