using System.Text;

namespace ProxyServer.Runtime.Upstream.Http1;

/// <summary>
/// A peer's response head read in place, byte for byte as nginx reads it: the status line as
/// ngx_http_parse_status_line, each header line as ngx_http_parse_header_line (with underscores, as for an
/// upstream). What nginx rejects is rejected with its log text (<see cref="Invalid"/>); values are Latin-1 text.
/// </summary>
public sealed class Http1ResponseHead
{
    public int Status { get; private set; }

    /// <summary>The status line's text after the code (nginx passes it on with the code).</summary>
    public string Reason { get; private set; } = "";

    /// <summary>The peer's HTTP version (1.0 or 1.1; nginx keeps a 1.0 response's connection only with a length).</summary>
    public Version Version { get; private set; } = System.Net.HttpVersion.Version11;

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>nginx's error log text for a head it refuses (NGX_HTTP_UPSTREAM_INVALID_HEADER), or null.</summary>
    public string? Invalid { get; private set; }

    public enum Result { Incomplete, Done, Invalid }

    /// <summary>
    /// Parses a whole head from the start of <paramref name="data"/>: <see cref="Result.Incomplete"/> while its empty
    /// line has not come, else <see cref="Result.Done"/> with <paramref name="consumed"/> bytes of head, or
    /// <see cref="Result.Invalid"/>.
    /// </summary>
    public Result Parse(ReadOnlySpan<byte> data, out int consumed)
    {
        consumed = 0;
        Headers.Clear();
        var line = StatusLine(data, out var at);
        if (line == Result.Incomplete) return Result.Incomplete;
        if (line == Result.Invalid)
        {
            // ngx_http_proxy_process_status_line: nginx takes such an answer for HTTP/0.9 (the bytes as the body); we refuse it.
            Invalid = "upstream sent no valid HTTP/1.0 header";
            return Result.Invalid;
        }
        while (true)
        {
            var header = HeaderLine(data, ref at);
            if (header is HeaderOutcome.Incomplete) return Result.Incomplete;
            if (header is HeaderOutcome.Invalid) return Result.Invalid;
            if (header is HeaderOutcome.End)
            {
                consumed = at;
                return Result.Done;
            }
        }
    }

    /// <summary>ngx_http_parse_status_line: <c>HTTP/</c>, major and minor (at most 99), then a three-digit code and any text.</summary>
    private Result StatusLine(ReadOnlySpan<byte> data, out int at)
    {
        at = 0;
        var major = 0;
        var minor = 0;
        ReadOnlySpan<byte> http = "HTTP/"u8;
        for (var i = 0; i < http.Length; i++)
        {
            if (i >= data.Length) return Result.Incomplete;
            if (data[i] != http[i]) return Result.Invalid;
        }
        var p = http.Length;
        // major: a first digit 1-9, then digits until '.'
        if (p >= data.Length) return Result.Incomplete;
        if (data[p] is < (byte)'1' or > (byte)'9') return Result.Invalid;
        for (; ; p++)
        {
            if (p >= data.Length) return Result.Incomplete;
            var ch = data[p];
            if (ch == '.') { p++; break; }
            if (ch is < (byte)'0' or > (byte)'9') return Result.Invalid;
            major = major * 10 + (ch - '0');
            if (major > 99) return Result.Invalid;
        }
        if (p >= data.Length) return Result.Incomplete;
        if (data[p] is < (byte)'0' or > (byte)'9') return Result.Invalid;
        for (; ; p++)
        {
            if (p >= data.Length) return Result.Incomplete;
            var ch = data[p];
            if (ch == ' ') { p++; break; }
            if (ch is < (byte)'0' or > (byte)'9') return Result.Invalid;
            minor = minor * 10 + (ch - '0');
            if (minor > 99) return Result.Invalid;
        }
        // sw_status: spaces, then three digits
        var code = 0;
        var digits = 0;
        for (; digits < 3; p++)
        {
            if (p >= data.Length) return Result.Incomplete;
            var ch = data[p];
            if (ch == ' ' && digits == 0) continue;
            if (ch is < (byte)'0' or > (byte)'9') return Result.Invalid;
            code = code * 10 + (ch - '0');
            digits++;
        }
        // sw_space_after_status: a space or '.' (IIS's 403.1) starts the text; CR or LF ends the line
        if (p >= data.Length) return Result.Incomplete;
        var textStart = -1;
        switch (data[p])
        {
            case (byte)' ' or (byte)'.':
                textStart = p + 1;
                break;
            case (byte)'\r' or (byte)'\n':
                break;
            default:
                return Result.Invalid;
        }
        var end = data[p..].IndexOf((byte)'\n');
        if (end < 0) return Result.Incomplete;
        end += p;
        var textEnd = end;
        if (textStart < 0)
        {
            if (data[p] == '\r' && p + 1 != end) return Result.Invalid;
        }
        else
        {
            // sw_status_text runs to CR or LF; sw_almost_done wants the LF right after the CR
            var cr = data[textStart..end].IndexOf((byte)'\r');
            if (cr >= 0)
            {
                if (textStart + cr != end - 1) return Result.Invalid;
                textEnd = end - 1;
            }
        }
        Status = code;
        Version = major == 1 && minor == 0 ? System.Net.HttpVersion.Version10 : System.Net.HttpVersion.Version11;
        Reason = textStart < 0 || textStart >= textEnd ? "" : Encoding.Latin1.GetString(data[textStart..textEnd]);
        at = end + 1;
        return Result.Done;
    }

    private enum HeaderOutcome { Incomplete, Line, End, Invalid }

    /// <summary>
    /// ngx_http_parse_header_line for one line from <paramref name="at"/>: the empty line ends the head; a name
    /// runs to ':' (a control byte or space in it is invalid, an IIS "HTTP/..." line is skipped); the value runs
    /// without its leading and trailing spaces and tabs; a NUL, or a CR not before LF, is invalid.
    /// </summary>
    private HeaderOutcome HeaderLine(ReadOnlySpan<byte> data, ref int at)
    {
        var start = at;
        if (start >= data.Length) return HeaderOutcome.Incomplete;
        var first = data[start];
        if (first == '\n')
        {
            at = start + 1;
            return HeaderOutcome.End;
        }
        if (first == '\r')
        {
            if (start + 1 >= data.Length) return HeaderOutcome.Incomplete;
            if (data[start + 1] != '\n') return Refuse(data, start, start);
            at = start + 2;
            return HeaderOutcome.End;
        }
        if (first is <= 0x20 or 0x7f or (byte)':') return Refuse(data, start, start);
        // the name
        var p = start + 1;
        int nameEnd;
        while (true)
        {
            if (p >= data.Length) return HeaderOutcome.Incomplete;
            var ch = data[p];
            if (ch == ':') { nameEnd = p; p++; break; }
            if (ch is (byte)'\r' or (byte)'\n')
            {
                // a name with no value
                nameEnd = p;
                return EndOfLine(data, ref at, start, nameEnd, p, p, p);
            }
            if (ch == '/' && p - start == 4 && data.Slice(start, 4).SequenceEqual("HTTP"u8))
            {
                // IIS may send the duplicate "HTTP/1.1 ..." lines
                var skip = data[p..].IndexOf((byte)'\n');
                if (skip < 0) return HeaderOutcome.Incomplete;
                at = p + skip + 1;
                return HeaderOutcome.Line;
            }
            if (ch is <= 0x20 or 0x7f) return Refuse(data, start, p);
            p++;
        }
        // spaces before the value
        while (true)
        {
            if (p >= data.Length) return HeaderOutcome.Incomplete;
            var ch = data[p];
            if (ch is (byte)' ' or (byte)'\t') { p++; continue; }
            if (ch == 0) return Refuse(data, start, p);
            break;
        }
        var valueStart = p;
        var valueEnd = p;
        // the value, and spaces after it (sw_value / sw_space_after_value)
        while (true)
        {
            if (p >= data.Length) return HeaderOutcome.Incomplete;
            var ch = data[p];
            if (ch is (byte)'\r' or (byte)'\n') return EndOfLine(data, ref at, start, nameEnd, valueStart, valueEnd, p);
            if (ch == 0) return Refuse(data, start, p);
            if (ch is not ((byte)' ' or (byte)'\t')) valueEnd = p + 1;
            p++;
        }
    }

    /// <summary>sw_almost_done: LF ends the line; a CR may repeat; anything else after a CR is invalid (header_end at the value's end).</summary>
    private HeaderOutcome EndOfLine(ReadOnlySpan<byte> data, ref int at, int start, int nameEnd, int valueStart, int valueEnd, int p)
    {
        var headerEnd = valueEnd > valueStart ? valueEnd : p;
        if (data[p] == '\r')
        {
            while (true)
            {
                p++;
                if (p >= data.Length) return HeaderOutcome.Incomplete;
                if (data[p] == '\n') break;
                if (data[p] != '\r') return Refuse(data, start, headerEnd);
            }
        }
        Headers.Add(new(Encoding.Latin1.GetString(data[start..nameEnd]),
            valueEnd > valueStart ? Encoding.Latin1.GetString(data[valueStart..valueEnd]) : ""));
        at = p + 1;
        return HeaderOutcome.Line;
    }

    /// <summary>ngx_http_proxy_process_header's log text: the line up to <c>header_end</c>, then that byte in hex.</summary>
    private HeaderOutcome Refuse(ReadOnlySpan<byte> data, int start, int headerEnd)
    {
        Invalid = $"upstream sent invalid header: \"{Encoding.Latin1.GetString(data[start..headerEnd])}\\x{data[headerEnd]:x2}...\"";
        return HeaderOutcome.Invalid;
    }
}
