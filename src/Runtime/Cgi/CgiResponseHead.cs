using System.Net;
using System.Text;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Cgi;

/// <summary>
/// A CGI response head (FastCGI's stdout, SCGI's answer): header lines as <c>ngx_http_parse_header_line</c>
/// reads them, ended by an empty line, then nginx's status rule from <c>ngx_http_fastcgi_process_header</c>:
/// a <c>Status</c> header gives the status (its first three characters; its text is the reason), else a
/// <c>Location</c> makes it 302, else 200.
/// </summary>
public static class CgiResponseHead
{
    public enum Result { Done, NeedMore, Invalid }

    /// <summary>
    /// Reads the lines of <paramref name="head"/> (everything received so far) into <paramref name="headers"/>;
    /// <paramref name="consumed"/> is where the body starts once <see cref="Result.Done"/>. An invalid line gives
    /// nginx's log text for it in <paramref name="invalid"/> (<c>upstream sent invalid header: "No\x20..."</c>).
    /// </summary>
    public static Result Parse(ReadOnlySpan<byte> head, List<KeyValuePair<string, string>> headers, out int consumed, out string? invalid)
    {
        headers.Clear();
        consumed = 0;
        invalid = null;
        var at = 0;
        while (true)
        {
            var rest = head[at..];
            var lf = rest.IndexOf((byte)'\n');
            if (lf < 0) return Result.NeedMore;
            var line = rest[..lf];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            at += lf + 1;
            if (line.IsEmpty)
            {
                consumed = at;
                return Result.Done;
            }
            if (ParseLine(line, out invalid) is not { } header) return Result.Invalid;
            headers.Add(header);
        }
    }

    /// <summary>
    /// ngx_http_parse_header_line with underscores allowed: the name ends at the colon (a line without one is a
    /// header with an empty value); a control character or space in the name, or a NUL in the value, is invalid,
    /// logged as the line up to that byte, the byte in hex, and "...".
    /// </summary>
    private static KeyValuePair<string, string>? ParseLine(ReadOnlySpan<byte> line, out string? invalid)
    {
        invalid = null;
        var colon = -1;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (b == ':' && i > 0)
            {
                colon = i;
                break;
            }
            if (b <= 0x20 || b == 0x7f || b == ':')
            {
                invalid = $"upstream sent invalid header: \"{Encoding.Latin1.GetString(line[..i])}\\x{b:x2}...\"";
                return null;
            }
        }
        if (colon < 0) return new(Encoding.Latin1.GetString(line), "");
        var value = line[(colon + 1)..];
        var nul = value.IndexOf((byte)0);
        if (nul >= 0)
        {
            invalid = $"upstream sent invalid header: \"{Encoding.Latin1.GetString(line[..(colon + 1 + nul)])}\\x00...\"";
            return null;
        }
        return new(Encoding.Latin1.GetString(line[..colon]), Encoding.UTF8.GetString(value.Trim((byte)' ')));
    }

    /// <summary>
    /// The response the headers make, nginx's status rule applied; the <c>Status</c> header itself is not passed on
    /// (it is in every CGI module's hidden headers). Throws <see cref="UpstreamResponseException"/> for a status
    /// that does not start with three digits.
    /// </summary>
    public static HttpResponseMessage ToResponse(List<KeyValuePair<string, string>> headers, HttpContent content)
    {
        var response = new HttpResponseMessage { Version = HttpVersion.Version11, Content = content };
        string? status = null;
        var location = false;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                status ??= value;
                continue;
            }
            if (name.Equals("Location", StringComparison.OrdinalIgnoreCase)) location = true;
            if (!response.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
        }
        if (status is not null)
        {
            if (status.Length < 3 || !char.IsAsciiDigit(status[0]) || !char.IsAsciiDigit(status[1]) || !char.IsAsciiDigit(status[2])
                || int.Parse(status.AsSpan(0, 3)) is < 100)
                throw new UpstreamResponseException($"upstream sent invalid status \"{status}\"");
            response.StatusCode = (HttpStatusCode)int.Parse(status.AsSpan(0, 3));
            response.ReasonPhrase = status.Length > 4 ? status[4..] : null;
        }
        else if (location)
        {
            response.StatusCode = HttpStatusCode.Redirect;
            response.ReasonPhrase = "Moved Temporarily";
        }
        return response;
    }
}
