using System.Text;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// A <c>multipart/form-data</c> body: each part's name and value go to BODY; a part with a
/// <c>filename</c> gives that file name to FILE_EXT instead (its content is not checked).
/// A boundary outside 3-70 characters fires internal rule 14, a malformed body rule 13; so does a
/// part naming two <c>name</c>s or two <c>filename</c>s, and a file part without a Content-Type
/// (13 with BLOCK and DROP there). A NUL byte in a value is rule 10 on that variable. All as nginx+naxsi
/// answers them; nothing after the first malformed part is checked.
/// </summary>
internal static class MultipartBodyReader
{
    public const int MinBoundary = 3;
    public const int MaxBoundary = 70;

    public static void Read(Inspection inspection, string contentType, ReadOnlySpan<byte> body)
    {
        var boundary = HeaderParameter(contentType, "boundary");
        if (boundary is null || boundary.Length is < MinBoundary or > MaxBoundary)
        {
            inspection.FireInternal(InternalRules.BadPostBoundary, RequestZone.Body);
            return;
        }
        if (!ReadParts(inspection, body, Encoding.ASCII.GetBytes("--" + boundary)))
            inspection.FireInternal(InternalRules.BadPostFormat, RequestZone.Body);
    }

    private static bool ReadParts(Inspection inspection, ReadOnlySpan<byte> body, byte[] delimiter)
    {
        var start = body.IndexOf(delimiter);
        if (start < 0) return false;
        var rest = body[(start + delimiter.Length)..];
        while (true)
        {
            if (rest.StartsWith("--"u8)) return true;
            if (rest.StartsWith("\r\n"u8)) rest = rest[2..];
            else return false;

            var headersEnd = rest.IndexOf("\r\n\r\n"u8);
            if (headersEnd < 0) return false;
            var partHeaders = Encoding.Latin1.GetString(rest[..headersEnd]);
            var disposition = PartHeader(partHeaders, "Content-Disposition");
            if (disposition is not null && !disposition.StartsWith("form-data", StringComparison.OrdinalIgnoreCase)) disposition = null;
            rest = rest[(headersEnd + 4)..];

            var end = IndexOfDelimiter(rest, delimiter);
            if (end < 0) return false;
            var content = rest[..end];
            rest = rest[(end + 2 + delimiter.Length)..];

            if (disposition is null) return false;
            var name = HeaderParameter(disposition, "name");
            if (name is null || ParameterCount(disposition, "name") > 1 || ParameterCount(disposition, "filename") > 1) return false;
            var filename = HeaderParameter(disposition, "filename");
            var problems = PercentDecoder.Problems.None;
            var nameText = PercentDecoder.ToText(Encoding.Latin1.GetBytes(name), ref problems);
            if (filename is not null)
            {
                if (PartHeader(partHeaders, "Content-Type") is null)
                {
                    inspection.FireInternal(InternalRules.BadPostFormat, RequestZone.Body, action: WafAction.Block | WafAction.Drop);
                    return true;
                }
                var file = PercentDecoder.ToText(Encoding.Latin1.GetBytes(filename), ref problems);
                inspection.Report(problems, RequestZone.FileExt, nameText);
                inspection.CheckPair(RequestZone.FileExt, nameText, file);
            }
            else
            {
                var value = PercentDecoder.ToText(content, ref problems);
                if (value.Contains('\0'))
                {
                    problems |= PercentDecoder.Problems.BadHexOrNul;
                    value = value.Replace('\0', '0');
                }
                inspection.Report(problems, RequestZone.Body, nameText);
                inspection.CheckPair(RequestZone.Body, nameText, value);
            }
            if (inspection.Stopped) return true;
        }
    }

    private static int IndexOfDelimiter(ReadOnlySpan<byte> rest, byte[] delimiter)
    {
        var offset = 0;
        while (true)
        {
            var at = rest[offset..].IndexOf("\r\n"u8);
            if (at < 0) return -1;
            at += offset;
            if (rest[(at + 2)..].StartsWith(delimiter)) return at;
            offset = at + 2;
        }
    }

    private static string? PartHeader(string headers, string name)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return line[(colon + 1)..].Trim();
        }
        return null;
    }

    private static int ParameterCount(string header, string key)
    {
        var count = 0;
        foreach (var part in header.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals > 0 && part[..equals].Trim().Equals(key, StringComparison.OrdinalIgnoreCase)) count++;
        }
        return count;
    }

    /// <summary>A <c>key=value</c> or <c>key="value"</c> parameter of a header value.</summary>
    public static string? HeaderParameter(string header, string key)
    {
        foreach (var part in header.Split(';'))
        {
            var item = part.Trim();
            var equals = item.IndexOf('=');
            if (equals <= 0 || !item[..equals].Trim().Equals(key, StringComparison.OrdinalIgnoreCase)) continue;
            var value = item[(equals + 1)..].Trim();
            return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
        }
        return null;
    }
}
