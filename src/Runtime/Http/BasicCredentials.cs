using ProxyServer.Runtime.Core;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// The user and password of an <c>Authorization: Basic</c> header as nginx reads them
/// (ngx_http_auth_basic_user), as byte strings: "Basic " in any case, spaces, then base64 as
/// ngx_decode_base64 takes it (padding optional, anything from the first '=' on ignored), split
/// at the first ':'. No header, another scheme, bad base64, no ':' or an empty user: none.
/// <c>$remote_user</c> and <c>auth_basic</c> both read it here.
/// </summary>
public readonly record struct BasicCredentials(string User, string Password)
{
    public static BasicCredentials? Of(NginxRequest request)
    {
        var header = request.Http.Request.Headers.Authorization;
        if (header.Count == 0) return null;
        var value = header[0] ?? "";
        const string scheme = "Basic ";
        if (value.Length < scheme.Length || !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var encoded = value.AsSpan(scheme.Length).TrimStart(' ');
        if (encoded.Length == 0 || NginxBase64.Decode(encoded) is not { } decoded) return null;
        var colon = Array.IndexOf(decoded, (byte)':');
        if (colon <= 0) return null;
        return new BasicCredentials(ByteString.FromBytes(decoded.AsSpan(0, colon)), ByteString.FromBytes(decoded.AsSpan(colon + 1)));
    }
}

/// <summary>nginx's base64 (ngx_decode_base64, ngx_encode_base64): standard alphabet, lenient about padding as nginx is.</summary>
public static class NginxBase64
{
    /// <summary>Decodes up to the first '='; null for a character outside the alphabet or a length nginx refuses (4n+1).</summary>
    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        var length = text.IndexOf('=');
        if (length < 0) length = text.Length;
        text = text[..length];
        if (length % 4 == 1) return null;
        var output = new byte[length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1)];
        int bits = 0, count = 0, written = 0;
        foreach (var c in text)
        {
            var value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' => 62,
                '/' => 63,
                _ => -1,
            };
            if (value < 0) return null;
            bits = ((bits << 6) | value) & 0xFFFFFF;
            count += 6;
            if (count >= 8)
            {
                count -= 8;
                output[written++] = (byte)(bits >> count);
            }
        }
        return output;
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes);
}
