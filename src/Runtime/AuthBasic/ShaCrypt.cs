using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ProxyServer.Runtime.AuthBasic;

/// <summary>
/// SHA-crypt, crypt(3)'s <c>$5$</c> (SHA-256) and <c>$6$</c> (SHA-512), written to Ulrich Drepper's
/// specification ("Unix crypt using SHA-256 and SHA-512"), with the setting checks of libxcrypt
/// (Debian's crypt, which nginx calls): <c>rounds=N$</c> must be written without leading zeros
/// within 1000..999999999, the salt stops at '$' and counts at most 16 characters. A setting
/// libxcrypt refuses yields null, as its failure token never equals a stored hash.
/// </summary>
public static class ShaCrypt
{
    private const int DefaultRounds = 5000;
    private const int MinRounds = 1000;
    private const int MaxRounds = 999_999_999;
    private const int MaxSalt = 16;

    // Which digest bytes make each group of four output characters (from the specification's tables).
    private static readonly int[][] Sha256Order =
    [
        [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14],
        [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29],
    ];

    private static readonly int[][] Sha512Order =
    [
        [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
        [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
        [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
    ];

    /// <summary><paramref name="setting"/> starts with <c>$5$</c> or <c>$6$</c>.</summary>
    public static string? Hash(ReadOnlySpan<byte> key, string setting)
    {
        var sha512 = setting[1] == '6';
        var rest = setting.AsSpan(3);
        var rounds = DefaultRounds;
        var customRounds = false;
        if (rest.StartsWith("rounds="))
        {
            var number = rest[7..];
            var digits = 0;
            while (digits < number.Length && char.IsAsciiDigit(number[digits])) digits++;
            if (digits == 0 || number[0] == '0' || digits >= number.Length || number[digits] != '$'
                || !long.TryParse(number[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                || parsed is < MinRounds or > MaxRounds)
                return null;
            rounds = (int)parsed;
            customRounds = true;
            rest = number[(digits + 1)..];
        }
        var saltEnd = rest.IndexOfAny('$', ':', '\n');
        if (saltEnd >= 0 && rest[saltEnd] != '$') return null;
        var saltText = rest[..Math.Min(saltEnd < 0 ? rest.Length : saltEnd, MaxSalt)];
        var salt = Encoding.Latin1.GetBytes(saltText.ToString());

        var algorithm = sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        var size = sha512 ? 64 : 32;
        using var hash = IncrementalHash.CreateHash(algorithm);

        hash.AppendData(key);
        hash.AppendData(salt);
        hash.AppendData(key);
        var alternate = hash.GetHashAndReset();

        hash.AppendData(key);
        hash.AppendData(salt);
        var count = key.Length;
        for (; count > size; count -= size) hash.AppendData(alternate);
        hash.AppendData(alternate, 0, count);
        for (count = key.Length; count > 0; count >>= 1)
        {
            if ((count & 1) != 0) hash.AppendData(alternate);
            else hash.AppendData(key);
        }
        var intermediate = hash.GetHashAndReset();

        for (var i = 0; i < key.Length; i++) hash.AppendData(key);
        var keySequence = Repeat(hash.GetHashAndReset(), key.Length);

        for (var i = 0; i < 16 + intermediate[0]; i++) hash.AppendData(salt);
        var saltSequence = Repeat(hash.GetHashAndReset(), salt.Length);

        for (var round = 0; round < rounds; round++)
        {
            if ((round & 1) != 0) hash.AppendData(keySequence); else hash.AppendData(intermediate);
            if (round % 3 != 0) hash.AppendData(saltSequence);
            if (round % 7 != 0) hash.AppendData(keySequence);
            if ((round & 1) != 0) hash.AppendData(intermediate); else hash.AppendData(keySequence);
            intermediate = hash.GetHashAndReset();
        }

        var output = new StringBuilder(sha512 ? 123 : 80);
        output.Append(sha512 ? "$6$" : "$5$");
        if (customRounds) output.Append("rounds=").Append(rounds.ToString(CultureInfo.InvariantCulture)).Append('$');
        output.Append(saltText).Append('$');
        foreach (var group in sha512 ? Sha512Order : Sha256Order)
            CryptBase64.Append(output, (intermediate[group[0]] << 16) | (intermediate[group[1]] << 8) | intermediate[group[2]], 4);
        if (sha512) CryptBase64.Append(output, intermediate[63], 2);
        else CryptBase64.Append(output, (intermediate[31] << 8) | intermediate[30], 3);
        return output.ToString();
    }

    private static byte[] Repeat(byte[] digest, int length)
    {
        var result = new byte[length];
        for (var i = 0; i < length; i++) result[i] = digest[i % digest.Length];
        return result;
    }
}
