using System.Text;

namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>
/// Reads an attempt's response head as it comes off the peer connection, for what .NET's HTTP client
/// hides: a header line with a bare CR (RFC 9110 lets a client replace it with a space, which .NET does,
/// and Kestrel would send that on). nginx's ngx_http_parse_header_line takes a CR only before LF; else
/// ngx_http_proxy_process_header logs <c>upstream sent invalid header: "X-A: a\x0d..."</c> (the line up to
/// <c>r->header_end</c>, then the byte there) and answers 502. Interim (1xx) heads are read through to the
/// final one; the status line is left to the client (nginx reads a broken one as HTTP/0.9).
/// </summary>
public sealed class ResponseHeadScan
{
    /// <summary>The longest part of a line kept for the message (nginx's proxy_buffer_size bounds its own).</summary>
    private const int MaxLine = 4096;

    private readonly List<byte> _line = [];
    private bool _cr;
    private int _lines;
    private bool _interim;

    /// <summary>The head has ended (or was found invalid): later bytes are the body.</summary>
    public bool Done { get; private set; }

    /// <summary>nginx's log text for an invalid header line, or null.</summary>
    public string? Invalid { get; private set; }

    public void Read(ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            if (Done) return;
            if (_cr)
            {
                _cr = false;
                if (b != '\n')
                {
                    BareCr();
                    return;
                }
                EndLine();
            }
            else if (b == '\r') _cr = true;
            else if (b == '\n') EndLine();
            else if (_line.Count < MaxLine) _line.Add(b);
        }
    }

    private void EndLine()
    {
        if (_lines == 0)
            _interim = _line.Count >= 10 && _line[9] == '1' && _line[8] == ' ';
        else if (_line.Count == 0)
        {
            // the empty line: a 1xx head is followed by another
            if (_interim) _lines = -1;
            else Done = true;
        }
        _lines++;
        _line.Clear();
    }

    /// <summary>
    /// ngx_http_parse_header_line's <c>header_end</c>: the CR itself, or, once the value has begun, the first of
    /// the spaces before it (the parser's sw_space_after_value).
    /// </summary>
    private void BareCr()
    {
        Done = true;
        if (_lines == 0) return;
        var line = _line.ToArray();
        var end = line.Length;
        var colon = Array.IndexOf(line, (byte)':');
        if (colon >= 0 && line.AsSpan(colon + 1).ContainsAnyExcept((byte)' '))
            while (line[end - 1] == ' ') end--;
        var at = end < line.Length ? ' ' : '\r';
        Invalid = $"upstream sent invalid header: \"{Encoding.Latin1.GetString(line, 0, end)}\\x{(int)at:x2}...\"";
    }
}
