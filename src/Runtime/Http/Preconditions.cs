
namespace ProxyServer.Runtime.Http;

/// <summary><c>if_modified_since off | exact | before</c>.</summary>
public enum IfModifiedSinceMode { Off, Exact, Before }

public enum PreconditionVerdict { Send, NotModified, Failed }

/// <summary>
/// nginx's not-modified filter for a 200 response with a Last-Modified time (and maybe an ETag):
/// <c>If-Unmodified-Since</c> and <c>If-Match</c> fail with 412; <c>If-Modified-Since</c> (per
/// <c>if_modified_since</c>) and <c>If-None-Match</c> (weak comparison) turn it into 304.
/// </summary>
public static class Preconditions
{
    public static PreconditionVerdict Evaluate(Func<string, string?> header, long lastModified, string? etag, IfModifiedSinceMode mode)
    {
        if (header("If-Unmodified-Since") is { } ius && !(HttpTime.Parse(ius) >= lastModified)) return PreconditionVerdict.Failed;
        if (header("If-Match") is { } ifMatch && !Matches(ifMatch, etag, weak: false)) return PreconditionVerdict.Failed;
        var ims = header("If-Modified-Since");
        var inm = header("If-None-Match");
        if (ims is null && inm is null) return PreconditionVerdict.Send;
        if (ims is not null && IsModified(ims, lastModified, mode)) return PreconditionVerdict.Send;
        if (inm is not null && !Matches(inm, etag, weak: true)) return PreconditionVerdict.Send;
        return PreconditionVerdict.NotModified;
    }

    private static bool IsModified(string value, long lastModified, IfModifiedSinceMode mode)
    {
        if (mode == IfModifiedSinceMode.Off) return true;
        var since = HttpTime.Parse(value);
        if (since == lastModified) return false;
        return mode == IfModifiedSinceMode.Exact || since < lastModified;
    }

    /// <summary>ngx_http_test_if_match: <c>*</c>, or the ETag among a comma list; weak ignores <c>W/</c> on both sides.</summary>
    public static bool Matches(string list, string? etag, bool weak)
    {
        if (list == "*") return true;
        if (etag is null) return false;
        if (weak && etag.Length > 2 && etag.StartsWith("W/", StringComparison.Ordinal)) etag = etag[2..];
        var start = 0;
        var end = list.Length;
        while (start < end)
        {
            if (weak && end - start > 2 && list[start] == 'W' && list[start + 1] == '/') start += 2;
            if (etag.Length > end - start) return false;
            if (string.CompareOrdinal(list, start, etag, 0, etag.Length) == 0)
            {
                start += etag.Length;
                while (start < end && list[start] is ' ' or '\t') start++;
                if (start == end || list[start] == ',') return true;
            }
            while (start < end && list[start] != ',') start++;
            while (start < end && list[start] is ' ' or '\t' or ',') start++;
        }
        return false;
    }
}
