using System.Security.Cryptography;
using System.Text;

namespace ProxyServer.Runtime.AuthBasic;

/// <summary>
/// Poul-Henning Kamp's MD5 crypt, as nginx's ngx_crypt_apr1 writes it for Apache's <c>$apr1$</c>
/// and crypt(3) for <c>$1$</c> (the same algorithm, another magic): the salt is at most 8
/// characters and stops at the first '$'.
/// </summary>
public static class Md5Crypt
{
    public const string AprMagic = "$apr1$";
    public const string CryptMagic = "$1$";

    /// <summary>The hash of <paramref name="key"/> with the salt of <paramref name="setting"/> (which starts with <paramref name="magic"/>).</summary>
    public static string Hash(ReadOnlySpan<byte> key, string setting, string magic)
    {
        var saltText = setting.AsSpan(magic.Length);
        var saltLength = 0;
        while (saltLength < saltText.Length && saltLength < 8 && saltText[saltLength] != '$') saltLength++;
        var salt = Encoding.Latin1.GetBytes(saltText[..saltLength].ToString());
        var magicBytes = Encoding.ASCII.GetBytes(magic);

        var alternate = MD5.HashData([.. key, .. salt, .. key]);

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(key);
        md5.AppendData(magicBytes);
        md5.AppendData(salt);
        for (var n = key.Length; n > 0; n -= 16) md5.AppendData(alternate, 0, Math.Min(n, 16));
        for (var i = key.Length; i != 0; i >>= 1)
        {
            if ((i & 1) != 0) md5.AppendData([0]);
            else md5.AppendData(key[..1]);
        }
        var final = md5.GetHashAndReset();

        for (var i = 0; i < 1000; i++)
        {
            if ((i & 1) != 0) md5.AppendData(key); else md5.AppendData(final);
            if (i % 3 != 0) md5.AppendData(salt);
            if (i % 7 != 0) md5.AppendData(key);
            if ((i & 1) != 0) md5.AppendData(final); else md5.AppendData(key);
            final = md5.GetHashAndReset();
        }

        var output = new StringBuilder(magic.Length + saltLength + 23);
        output.Append(magic).Append(saltText[..saltLength]).Append('$');
        CryptBase64.Append(output, (final[0] << 16) | (final[6] << 8) | final[12], 4);
        CryptBase64.Append(output, (final[1] << 16) | (final[7] << 8) | final[13], 4);
        CryptBase64.Append(output, (final[2] << 16) | (final[8] << 8) | final[14], 4);
        CryptBase64.Append(output, (final[3] << 16) | (final[9] << 8) | final[15], 4);
        CryptBase64.Append(output, (final[4] << 16) | (final[10] << 8) | final[5], 4);
        CryptBase64.Append(output, final[11], 2);
        return output.ToString();
    }
}

/// <summary>crypt(3)'s base64: "./0-9A-Za-z", least significant six bits first (ngx_crypt_to64).</summary>
public static class CryptBase64
{
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static void Append(StringBuilder output, int value, int count)
    {
        while (count-- > 0)
        {
            output.Append(Alphabet[value & 0x3f]);
            value >>= 6;
        }
    }
}
