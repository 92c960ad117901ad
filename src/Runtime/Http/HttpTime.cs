using System.Globalization;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's HTTP dates: written as RFC 1123 (<c>ngx_http_time</c>), read in the three forms
/// <c>ngx_parse_http_time</c> accepts (RFC 1123, RFC 850, asctime). Times are Unix seconds, as
/// nginx compares them; an unreadable date is -1, which never equals a file's time.
/// </summary>
public static class HttpTime
{
    private static readonly string[] Formats =
    [
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",
        "ddd MMM d HH:mm:ss yyyy",
        "ddd MMM dd HH:mm:ss yyyy",
    ];

    public static string Format(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    public static long Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return -1;
        var trimmed = text.Trim();
        // asctime pads the day with a space ("Nov  6"); collapse so one pattern reads both.
        trimmed = trimmed.Replace("  ", " ", StringComparison.Ordinal);
        return DateTimeOffset.TryParseExact(trimmed, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.ToUnixTimeSeconds()
            : -1;
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
