using System.Net.Http.Headers;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// What an upstream response's header says about caching it, as nginx's header handlers read it
/// (ngx_http_upstream_process_accel_expires, _cache_control, _expires, _set_cookie, _vary), in the order
/// the headers came: validity (Unix seconds, 0 when the header does not say), the stale windows, and
/// whether anything forbids caching.
/// </summary>
public sealed record UpstreamValidity(bool Cacheable, long ValidSec, long UpdatingSec, long ErrorSec, string? Vary)
{
    /// <summary>Longest Vary nginx stores (NGX_HTTP_CACHE_VARY_LEN).</summary>
    private const int MaxVaryLength = 128;

    public static UpstreamValidity Read(HttpResponseMessage response, IgnoredHeaders ignore, long now) =>
        Read(Lines(response), ignore, now);

    /// <summary>The response's header lines in the order .NET keeps them (its own, then its content's).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Lines(HttpResponseMessage response)
    {
        IEnumerable<KeyValuePair<string, HeaderStringValues>> all = response.Headers.NonValidated;
        if (response.Content is { } content) all = all.Concat(content.Headers.NonValidated);
        foreach (var (name, values) in all)
            foreach (var value in values)
                yield return new(name, value);
    }

    public static UpstreamValidity Read(IEnumerable<KeyValuePair<string, string>> lines, IgnoredHeaders ignore, long now)
    {
        var cacheable = true;
        long valid = 0, updating = 0, error = 0;
        var accelExpires = false;
        string? vary = null;
        foreach (var (name, value) in lines)
        {
            {
                if (name.Equals("X-Accel-Expires", StringComparison.OrdinalIgnoreCase))
                {
                    accelExpires = true;
                    if ((ignore & IgnoredHeaders.XAccelExpires) != 0) continue;
                    if (value.Length > 0 && value[0] == '@')
                    {
                        if (long.TryParse(value.AsSpan(1), System.Globalization.NumberStyles.None, null, out var at)) valid = at;
                    }
                    else if (long.TryParse(value, System.Globalization.NumberStyles.None, null, out var seconds))
                    {
                        if (seconds == 0) cacheable = false;
                        else valid = now + seconds;
                    }
                }
                else if (name.Equals("Cache-Control", StringComparison.OrdinalIgnoreCase))
                {
                    if ((ignore & IgnoredHeaders.CacheControl) != 0 || (valid != 0 && accelExpires)) continue;
                    if (!ReadCacheControl(value, now, ref valid, ref updating, ref error)) cacheable = false;
                }
                else if (name.Equals("Expires", StringComparison.OrdinalIgnoreCase))
                {
                    if ((ignore & IgnoredHeaders.Expires) != 0 || valid != 0) continue;
                    var expires = HttpTime.Parse(value);
                    if (expires < 0 || expires < now) cacheable = false;
                    else valid = expires;
                }
                else if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
                {
                    if ((ignore & IgnoredHeaders.SetCookie) == 0) cacheable = false;
                }
                else if (name.Equals("Vary", StringComparison.OrdinalIgnoreCase))
                {
                    if ((ignore & IgnoredHeaders.Vary) != 0) continue;
                    if (value.Length > MaxVaryLength || value == "*") cacheable = false;
                    vary = value;
                }
            }
        }
        return new UpstreamValidity(cacheable, valid, updating, error, vary);
    }

    /// <summary>ngx_http_upstream_process_cache_control: false when the response may not be cached.</summary>
    private static bool ReadCacheControl(string value, long now, ref long valid, ref long updating, ref long error)
    {
        if (Contains(value, "no-cache") || Contains(value, "no-store") || Contains(value, "private")) return false;
        var at = value.IndexOf("s-maxage=", StringComparison.OrdinalIgnoreCase);
        var offset = 9;
        if (at < 0)
        {
            at = value.IndexOf("max-age=", StringComparison.OrdinalIgnoreCase);
            offset = 8;
        }
        if (at >= 0)
        {
            if (Number(value, at + offset) is not { } seconds || seconds == 0) return false;
            valid = now + seconds;
        }
        at = value.IndexOf("stale-while-revalidate=", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            if (Number(value, at + 23) is not { } seconds) return false;
            updating = seconds;
            error = seconds;
        }
        at = value.IndexOf("stale-if-error=", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            if (Number(value, at + 15) is not { } seconds) return false;
            error = seconds;
        }
        return true;
    }

    private static bool Contains(string value, string word) => value.Contains(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>Digits up to ',', ';', ' ' or the end; null when anything else comes first.</summary>
    private static long? Number(string value, int start)
    {
        long n = 0;
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or ';' or ' ') break;
            if (c is < '0' or > '9') return null;
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
