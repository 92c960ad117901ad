using System.Security.Cryptography;
using System.Text;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.AuthBasic;

/// <summary>What comparing a password with a user file's entry found.</summary>
public enum PasswordVerdict { Match, Mismatch, Unsupported }

/// <summary>
/// nginx's ngx_crypt followed by its strcmp: the password is hashed with the stored entry as the
/// setting and must give the entry back. <c>$apr1$</c>, <c>{PLAIN}</c>, <c>{SSHA}</c>,
/// <c>{SHA}</c> as nginx writes them; what nginx leaves to crypt(3): <c>$1$</c> (MD5),
/// <c>$5$</c>/<c>$6$</c> (SHA-crypt) here, bcrypt (<c>$2a$ $2b$ $2x$ $2y$</c>) by BCrypt.Net-Next,
/// anything else by the system's crypt. The key ends at its first NUL, as nginx passes a C string.
/// </summary>
public static class PasswordCrypt
{
    public static PasswordVerdict Verify(ReadOnlySpan<byte> password, string stored)
    {
        var nul = password.IndexOf((byte)0);
        var key = nul >= 0 ? password[..nul] : password;
        if (stored.StartsWith("$2", StringComparison.Ordinal) && stored.Length > 3 && stored[3] == '$' && stored[2] is 'a' or 'b' or 'x' or 'y')
            return VerifyBcrypt(key, stored);
        var encrypted = Crypt(key, stored, out var supported);
        if (!supported) return PasswordVerdict.Unsupported;
        return encrypted == stored ? PasswordVerdict.Match : PasswordVerdict.Mismatch;
    }

    private static string? Crypt(ReadOnlySpan<byte> key, string stored, out bool supported)
    {
        supported = true;
        if (stored.StartsWith(Md5Crypt.AprMagic, StringComparison.Ordinal)) return Md5Crypt.Hash(key, stored, Md5Crypt.AprMagic);
        if (stored.StartsWith("{PLAIN}", StringComparison.Ordinal)) return "{PLAIN}" + Encoding.Latin1.GetString(key);
        if (stored.StartsWith("{SSHA}", StringComparison.Ordinal)) return Ssha(key, stored);
        if (stored.StartsWith("{SHA}", StringComparison.Ordinal)) return "{SHA}" + NginxBase64.Encode(SHA1.HashData(key));
        if (stored.StartsWith(Md5Crypt.CryptMagic, StringComparison.Ordinal)) return Md5Crypt.Hash(key, stored, Md5Crypt.CryptMagic);
        if (stored.StartsWith("$5$", StringComparison.Ordinal) || stored.StartsWith("$6$", StringComparison.Ordinal)) return ShaCrypt.Hash(key, stored);
        supported = SystemCrypt.TryCrypt(key, stored, out var system);
        return system;
    }

    /// <summary>ngx_crypt_ssha: "{SSHA}" base64(SHA1(key salt) salt), the salt being what follows the 20 digest bytes.</summary>
    private static string Ssha(ReadOnlySpan<byte> key, string stored)
    {
        var decoded = NginxBase64.Decode(stored.AsSpan(6));
        var salt = decoded is { Length: > 20 } ? decoded.AsSpan(20) : [];
        var digest = SHA1.HashData([.. key, .. salt]);
        return "{SSHA}" + NginxBase64.Encode([.. digest, .. salt]);
    }

    private static PasswordVerdict VerifyBcrypt(ReadOnlySpan<byte> key, string stored)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(key);
        }
        catch (DecoderFallbackException)
        {
            // BCrypt.Net hashes the UTF-8 of a string: bytes that are not UTF-8 cannot be given to it.
            return PasswordVerdict.Mismatch;
        }
        try
        {
            return BCrypt.Net.BCrypt.Verify(text, stored) ? PasswordVerdict.Match : PasswordVerdict.Mismatch;
        }
        catch (Exception e) when (e is BCrypt.Net.SaltParseException or ArgumentException or FormatException)
        {
            return PasswordVerdict.Mismatch;
        }
    }
}
