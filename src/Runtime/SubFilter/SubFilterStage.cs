using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.SubFilter;

/// <summary>
/// The sub_filter body stage, ngx_http_sub_body_filter and ngx_http_sub_parse ported: a Boyer-Moore-Horspool
/// scan over windows of the shortest string's length, case-insensitive (ASCII), across write boundaries:
/// the bytes of a possible match that reach the end of a write are held back (<c>looked</c>) until the next
/// write decides, or the end of the response sends them as they were. A replacement is evaluated at its
/// first use in the request; with <c>sub_filter_once</c> each string is replaced once, and once all were,
/// the rest passes untouched. Each write is parsed as nginx parses a flushed buffer: only the bytes that
/// could start a string are held back.
/// </summary>
public sealed class SubFilterStage : WriteOnlyStream
{
    private readonly Stream _next;
    private readonly NginxRequest _request;
    private readonly SubFilterSettings _settings;
    private readonly SubFilterTables _tables;
    private readonly string?[] _replacements;
    private readonly MemoryStream _out = new();
    private byte[] _looked;
    private int _lookedLength;
    private int _offset;
    private int _index;
    private int _applied;
    private bool _once;

    public SubFilterStage(Stream next, NginxRequest request, SubFilterSettings settings, SubFilterTables tables)
    {
        _next = next;
        _request = request;
        _settings = settings;
        _tables = tables;
        _replacements = new string?[settings.Pairs.Count];
        _looked = new byte[Math.Max(1, tables.MaxLength)];
        _offset = tables.MinLength - 1;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _next.FlushAsync(cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return;
        if (_once && _lookedLength == 0)
        {
            await _next.WriteAsync(buffer, cancellationToken);
            return;
        }
        Process(buffer.Span, last: false);
        await SendAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        Process([], last: true);
        await SendAsync(default);
        await base.DisposeAsync();
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_out.Length == 0) return;
        await _next.WriteAsync(_out.GetBuffer().AsMemory(0, (int)_out.Length), cancellationToken);
        _out.SetLength(0);
    }

    /// <summary>The loop of ngx_http_sub_body_filter over one buffer.</summary>
    private void Process(ReadOnlySpan<byte> buffer, bool last)
    {
        var pos = 0;
        while (pos < buffer.Length)
        {
            if (!Parse(buffer, ref pos)) continue;
            // A match: its replacement, evaluated once per request.
            var pair = _tables.Matches[_index].Pair;
            var replacement = _replacements[pair] ??= _settings.Pairs[pair].Replacement.Evaluate(_request);
            if (replacement.Length > 0) _out.Write(ByteString.ToBytes(replacement));
            _index = 0;
            _once = _settings.Once && ++_applied == _tables.Matches.Length;
        }
        if (_lookedLength > 0 && last)
        {
            _out.Write(_looked, 0, _lookedLength);
            _lookedLength = 0;
        }
    }

    /// <summary>ngx_http_sub_parse: true at a match (its text consumed), false when the buffer's end was reached.</summary>
    private bool Parse(ReadOnlySpan<byte> buffer, ref int pos)
    {
        var offset = _offset;
        var end = buffer.Length - pos;
        int start, next;
        var partial = false;
        if (_once)
        {
            // Sends everything that is left: start and next at the end.
            offset = end + _tables.MinLength - 1;
        }
        else
        {
            while (offset < end && !partial)
            {
                var c = Lower(offset < 0 ? _looked[_lookedLength + offset] : buffer[pos + offset]);
                var shift = _tables.Shift[c];
                if (shift > 0)
                {
                    offset += shift;
                    continue;
                }
                start = offset - _tables.MinLength + 1;
                for (var i = Math.Max(_tables.Index[c], _index); i != _tables.Index[c + 1]; i++)
                {
                    var match = _tables.Matches[i];
                    if (_settings.Once && _replacements[match.Pair] is not null) continue;
                    var verdict = Match(buffer, pos, start, match.Text);
                    if (verdict == MatchVerdict.No) continue;
                    _index = i;
                    if (verdict == MatchVerdict.Partial)
                    {
                        partial = true;
                        break;
                    }
                    _offset = offset + match.Text.Length;
                    next = start + match.Text.Length;
                    end = Math.Max(next, 0);
                    Emit(buffer, ref pos, start, next, end);
                    return true;
                }
                if (partial) break;
                offset++;
                _index = 0;
            }
            if (!partial) offset = HoldBackFrom(buffer, pos, offset, end);
        }
        _offset = offset;
        start = offset - _tables.MinLength + 1;
        next = start;
        Emit(buffer, ref pos, start, next, end);
        return false;
    }

    /// <summary>
    /// The flush step of ngx_http_sub_parse (nginx 1.11.x on): at the end of a buffer, only bytes where some
    /// string could begin are held back; the rest goes out now. nginx takes this step for a buffer with the
    /// flush or recycled flag (an unbuffered upstream's, a file read into memory), which every write here is.
    /// </summary>
    private int HoldBackFrom(ReadOnlySpan<byte> buffer, int pos, int offset, int end)
    {
        while (true)
        {
            var start = offset - _tables.MinLength + 1;
            if (start >= end) return offset;
            foreach (var match in _tables.Matches)
                if (Match(buffer, pos, start, match.Text) == MatchVerdict.Partial) return offset;
            offset++;
        }
    }

    /// <summary>The end of ngx_http_sub_parse: send [-looked, start), keep [next, end) as looked, move on by end.</summary>
    private void Emit(ReadOnlySpan<byte> buffer, ref int pos, int start, int next, int end)
    {
        var saved = _lookedLength + Math.Min(start, 0);
        if (saved > 0) _out.Write(_looked, 0, saved);
        if (start > 0) _out.Write(buffer.Slice(pos, start));

        var keep = -Math.Min(next, 0);
        Array.Copy(_looked, _lookedLength - keep, _looked, 0, keep);
        var from = Math.Max(next, 0);
        var length = keep + (end - from);
        if (length > _looked.Length) Array.Resize(ref _looked, length);
        buffer.Slice(pos + from, end - from).CopyTo(_looked.AsSpan(keep));
        _lookedLength = length;

        pos += end;
        _offset -= end;
    }

    private enum MatchVerdict { No, Partial, Whole }

    /// <summary>ngx_http_sub_match: the string against the held-back bytes, then the buffer, from <paramref name="start"/>.</summary>
    private MatchVerdict Match(ReadOnlySpan<byte> buffer, int pos, int start, byte[] text)
    {
        var t = 0;
        int p;
        if (start >= 0)
        {
            p = pos + start;
        }
        else
        {
            for (var l = _lookedLength + start; l < _lookedLength && t < text.Length; l++, t++)
                if (Lower(_looked[l]) != text[t]) return MatchVerdict.No;
            p = pos;
        }
        for (; p < buffer.Length && t < text.Length; p++, t++)
            if (Lower(buffer[p]) != text[t]) return MatchVerdict.No;
        return t != text.Length ? MatchVerdict.Partial : MatchVerdict.Whole;
    }

    /// <summary>ngx_tolower: ASCII letters only.</summary>
    private static byte Lower(byte c) => c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c | 0x20) : c;
}
