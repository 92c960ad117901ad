using System.Globalization;
using System.Text;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Charset;

/// <summary>
/// ngx_http_charset_body_filter: recodes the bytes as they pass, through a byte table (ngx_http_charset_recode), to
/// UTF-8 (ngx_http_charset_recode_to_utf8) or from UTF-8 (ngx_http_charset_recode_from_utf8: a code point the map
/// lacks becomes <c>&amp;#N;</c>, an invalid sequence <c>?</c>, a sequence cut between writes is held for the next).
/// </summary>
internal sealed class CharsetStage(Stream next, CharsetTable table) : WriteOnlyStream
{
    private readonly byte[] _saved = new byte[4];
    private int _savedLength;
    private readonly MemoryStream _out = new();

    public override Task FlushAsync(CancellationToken cancellationToken) => next.FlushAsync(cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return;
        if (table.Bytes is { } bytes)
        {
            var copy = buffer.ToArray();
            for (var i = 0; i < copy.Length; i++) copy[i] = bytes[copy[i]];
            await next.WriteAsync(copy, cancellationToken);
            return;
        }
        if (table.ToUtf8 is { } toUtf8)
        {
            foreach (var b in buffer.Span) _out.Write(toUtf8[b]);
        }
        else
        {
            FromUtf8(buffer.Span);
        }
        if (_out.Length == 0) return;
        await next.WriteAsync(_out.GetBuffer().AsMemory(0, (int)_out.Length), cancellationToken);
        _out.SetLength(0);
    }

    private void FromUtf8(ReadOnlySpan<byte> buffer)
    {
        var map = table.FromUtf8!;
        var src = 0;
        if (_savedLength > 0)
        {
            // the sequence cut at the end of the previous write, completed from this one
            var combined = new byte[_savedLength + Math.Min(buffer.Length, 4)];
            _saved.AsSpan(0, _savedLength).CopyTo(combined);
            buffer[..Math.Min(buffer.Length, 4)].CopyTo(combined.AsSpan(_savedLength));
            var at = 0;
            var rune = Utf8Sequence.Decode(combined, ref at);
            if (rune == Utf8Sequence.Incomplete && combined.Length < 4)
            {
                buffer.CopyTo(_saved.AsSpan(_savedLength));
                _savedLength += buffer.Length;
                return;
            }
            if (rune == Utf8Sequence.Incomplete)
            {
                _out.WriteByte((byte)'?');
                at = 4;
            }
            else
            {
                Put(rune, map);
            }
            src = Math.Max(0, at - _savedLength);
            _savedLength = 0;
        }
        while (src < buffer.Length)
        {
            if (buffer[src] < 0x80)
            {
                _out.WriteByte(buffer[src++]);
                continue;
            }
            var before = src;
            var rune = Utf8Sequence.Decode(buffer, ref src);
            if (rune == Utf8Sequence.Incomplete)
            {
                buffer[before..].CopyTo(_saved);
                _savedLength = buffer.Length - before;
                return;
            }
            Put(rune, map);
        }
    }

    private void Put(uint rune, Dictionary<int, byte> map)
    {
        if (rune < 0x10000 && map.TryGetValue((int)rune, out var b) && b != 0)
        {
            _out.WriteByte(b);
            return;
        }
        if (rune > 0x10ffff)
        {
            _out.WriteByte((byte)'?');
            return;
        }
        _out.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"&#{rune};")));
    }
}
