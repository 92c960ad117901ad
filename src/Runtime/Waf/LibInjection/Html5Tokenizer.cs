// Port of libinjection 4 (https://github.com/libinjection/libinjection, src/libinjection_html5.c).
// Copyright (c) 2012-2016, Nick Galbreath; 2021 LibInjection. BSD-3-Clause: see COPYING.txt in this folder.

namespace ProxyServer.Runtime.Waf.LibInjection;

internal enum Html5TokenType
{
    DataText,
    TagNameOpen,
    TagNameClose,
    TagNameSelfClose,
    TagData,
    TagClose,
    AttrName,
    AttrValue,
    TagComment,
    Doctype,
}

/// <summary>Where the tokenizer starts: in text, or inside an attribute value (unquoted or after a quote).</summary>
internal enum Html5Start
{
    Data,
    ValueNoQuote,
    ValueSingleQuote,
    ValueDoubleQuote,
    ValueBackQuote,
}

/// <summary>
/// libinjection's small HTML5 tokenizer: just enough of the HTML5 parsing states to find tag
/// names, attribute names and values, comments and doctypes the way a browser would.
/// </summary>
internal ref struct Html5Tokenizer
{
    private enum State
    {
        Eof,
        Data,
        TagNameClose,
        BeforeAttributeName,
        AfterAttributeName,
        BeforeAttributeValue,
        AttributeValueDoubleQuote,
        AttributeValueSingleQuote,
        AttributeValueBackQuote,
        AfterAttributeValueQuoted,
        SelfClosingStartTag,
        TagOpen,
    }

    private const int CharEof = -1;

    private readonly ReadOnlySpan<byte> _s;
    private int _pos;
    private bool _isClose;
    private State _state;

    public int TokenStart;
    public int TokenLength;
    public Html5TokenType TokenType;

    public Html5Tokenizer(ReadOnlySpan<byte> input, Html5Start start)
    {
        _s = input;
        _state = start switch
        {
            Html5Start.Data => State.Data,
            Html5Start.ValueNoQuote => State.BeforeAttributeName,
            Html5Start.ValueSingleQuote => State.AttributeValueSingleQuote,
            Html5Start.ValueDoubleQuote => State.AttributeValueDoubleQuote,
            _ => State.AttributeValueBackQuote,
        };
    }

    public readonly ReadOnlySpan<byte> Input => _s;

    public readonly ReadOnlySpan<byte> Token => _s.Slice(TokenStart, TokenLength);

    /// <summary>Reads the next token; false at the end.</summary>
    public bool Next() => _state switch
    {
        State.Eof => false,
        State.Data => Data(),
        State.TagNameClose => TagNameClose(),
        State.BeforeAttributeName => BeforeAttributeName(),
        State.AfterAttributeName => AfterAttributeName(),
        State.BeforeAttributeValue => BeforeAttributeValue(),
        State.AttributeValueDoubleQuote => AttributeValueQuote((byte)'"'),
        State.AttributeValueSingleQuote => AttributeValueQuote((byte)'\''),
        State.AttributeValueBackQuote => AttributeValueQuote((byte)'`'),
        State.AfterAttributeValueQuoted => AfterAttributeValueQuoted(),
        State.SelfClosingStartTag => SelfClosingStartTag(),
        _ => TagOpen(),
    };

    // C's strchr() also finds the terminating zero, so a zero byte counts as white here.
    private static bool IsWhite(byte ch) => ch is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r' or 0;

    /// <summary>Skips white space; returns the next byte as C's signed char (so 0xFF reads as end of input), or -1.</summary>
    private int SkipWhite()
    {
        while (_pos < _s.Length)
        {
            var ch = _s[_pos];
            if (ch is 0x00 or 0x20 or 0x09 or 0x0A or 0x0B or 0x0C or 0x0D) _pos += 1;
            else return (sbyte)ch;
        }
        return CharEof;
    }

    private bool Emit(int start, int length, Html5TokenType type)
    {
        TokenStart = start;
        TokenLength = length;
        TokenType = type;
        return true;
    }

    private int IndexFrom(int from, byte value)
    {
        var i = _s[from..].IndexOf(value);
        return i < 0 ? -1 : from + i;
    }

    private bool Data()
    {
        var idx = IndexFrom(_pos, (byte)'<');
        if (idx < 0)
        {
            Emit(_pos, _s.Length - _pos, Html5TokenType.DataText);
            _state = State.Eof;
            return TokenLength != 0;
        }
        Emit(_pos, idx - _pos, Html5TokenType.DataText);
        _pos = idx + 1;
        _state = State.TagOpen;
        return TokenLength != 0 || TagOpen();
    }

    private bool TagOpen()
    {
        if (_pos >= _s.Length) return false;
        var ch = _s[_pos];
        switch (ch)
        {
            case (byte)'!':
                _pos += 1;
                return MarkupDeclarationOpen();
            case (byte)'/':
                _pos += 1;
                _isClose = true;
                return EndTagOpen();
            case (byte)'?':
                _pos += 1;
                return BogusComment();
            case (byte)'%':
                // Not in the spec: IE <= 9 and old Safari read <% ... %> as a comment.
                _pos += 1;
                return BogusComment2();
        }
        if (IsAsciiLetter(ch) || ch == 0) return TagName(); // IE ignores zero bytes
        if (_pos == 0) return Data();
        Emit(_pos - 1, 1, Html5TokenType.DataText);
        _state = State.Data;
        return true;
    }

    private static bool IsAsciiLetter(byte ch) => ch is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    private bool EndTagOpen()
    {
        if (_pos >= _s.Length) return false;
        var ch = _s[_pos];
        if (ch == '>') return Data();
        if (IsAsciiLetter(ch)) return TagName();
        _isClose = false;
        return BogusComment();
    }

    private bool TagNameClose()
    {
        _isClose = false;
        Emit(_pos, 1, Html5TokenType.TagNameClose);
        _pos += 1;
        _state = _pos < _s.Length ? State.Data : State.Eof;
        return true;
    }

    private bool TagName()
    {
        var pos = _pos;
        while (pos < _s.Length)
        {
            var ch = _s[pos];
            if (ch == 0)
            {
                // Some old browsers allow and ignore zero bytes in tag names.
                pos += 1;
            }
            else if (IsWhite(ch))
            {
                Emit(_pos, pos - _pos, Html5TokenType.TagNameOpen);
                _pos = pos + 1;
                _state = State.BeforeAttributeName;
                return true;
            }
            else if (ch == '/')
            {
                Emit(_pos, pos - _pos, Html5TokenType.TagNameOpen);
                _pos = pos + 1;
                _state = State.SelfClosingStartTag;
                return true;
            }
            else if (ch == '>')
            {
                if (_isClose)
                {
                    Emit(_pos, pos - _pos, Html5TokenType.TagClose);
                    _pos = pos + 1;
                    _isClose = false;
                    _state = State.Data;
                }
                else
                {
                    Emit(_pos, pos - _pos, Html5TokenType.TagNameOpen);
                    _pos = pos;
                    _state = State.TagNameClose;
                }
                return true;
            }
            else
            {
                pos += 1;
            }
        }
        Emit(_pos, _s.Length - _pos, Html5TokenType.TagNameOpen);
        _state = State.Eof;
        return true;
    }

    private bool BeforeAttributeName()
    {
        var ch = SkipWhite();
        switch (ch)
        {
            case CharEof:
                return false;
            case '/':
                _pos += 1;
                return SelfClosingStartTag();
            case '>':
                _state = State.Data;
                Emit(_pos, 1, Html5TokenType.TagNameClose);
                _pos += 1;
                return true;
            default:
                return AttributeName();
        }
    }

    private bool AttributeName()
    {
        var pos = _pos + 1;
        while (pos < _s.Length)
        {
            var ch = _s[pos];
            if (IsWhite(ch))
            {
                Emit(_pos, pos - _pos, Html5TokenType.AttrName);
                _state = State.AfterAttributeName;
                _pos = pos + 1;
                return true;
            }
            if (ch == '/')
            {
                Emit(_pos, pos - _pos, Html5TokenType.AttrName);
                _state = State.SelfClosingStartTag;
                _pos = pos + 1;
                return true;
            }
            if (ch == '=')
            {
                Emit(_pos, pos - _pos, Html5TokenType.AttrName);
                _state = State.BeforeAttributeValue;
                _pos = pos + 1;
                return true;
            }
            if (ch == '>')
            {
                Emit(_pos, pos - _pos, Html5TokenType.AttrName);
                _state = State.TagNameClose;
                _pos = pos;
                return true;
            }
            pos += 1;
        }
        Emit(_pos, _s.Length - _pos, Html5TokenType.AttrName);
        _state = State.Eof;
        _pos = _s.Length;
        return true;
    }

    private bool AfterAttributeName()
    {
        var c = SkipWhite();
        switch (c)
        {
            case CharEof:
                return false;
            case '/':
                _pos += 1;
                return SelfClosingStartTag();
            case '=':
                _pos += 1;
                return BeforeAttributeValue();
            case '>':
                return TagNameClose();
            default:
                return AttributeName();
        }
    }

    private bool BeforeAttributeValue()
    {
        var c = SkipWhite();
        if (c == CharEof)
        {
            _state = State.Eof;
            return false;
        }
        return c switch
        {
            '"' => AttributeValueQuote((byte)'"'),
            '\'' => AttributeValueQuote((byte)'\''),
            '`' => AttributeValueQuote((byte)'`'), // IE only
            _ => AttributeValueNoQuote(),
        };
    }

    private bool AttributeValueQuote(byte quote)
    {
        // Skip the opening quote, unless we started here (pos 0): "'><foo" gives an empty value first.
        if (_pos > 0) _pos += 1;
        var idx = IndexFrom(_pos, quote);
        if (idx < 0)
        {
            Emit(_pos, _s.Length - _pos, Html5TokenType.AttrValue);
            _state = State.Eof;
        }
        else
        {
            Emit(_pos, idx - _pos, Html5TokenType.AttrValue);
            _state = State.AfterAttributeValueQuoted;
            _pos += TokenLength + 1;
        }
        return true;
    }

    private bool AttributeValueNoQuote()
    {
        var pos = _pos;
        while (pos < _s.Length)
        {
            var ch = _s[pos];
            if (IsWhite(ch))
            {
                Emit(_pos, pos - _pos, Html5TokenType.AttrValue);
                _pos = pos + 1;
                _state = State.BeforeAttributeName;
                return true;
            }
            if (ch == '>')
            {
                Emit(_pos, pos - _pos, Html5TokenType.AttrValue);
                _pos = pos;
                _state = State.TagNameClose;
                return true;
            }
            pos += 1;
        }
        _state = State.Eof;
        return Emit(_pos, _s.Length - _pos, Html5TokenType.AttrValue);
    }

    private bool AfterAttributeValueQuoted()
    {
        if (_pos >= _s.Length) return false;
        var ch = _s[_pos];
        if (IsWhite(ch))
        {
            _pos += 1;
            return BeforeAttributeName();
        }
        if (ch == '/')
        {
            _pos += 1;
            return SelfClosingStartTag();
        }
        if (ch == '>')
        {
            Emit(_pos, 1, Html5TokenType.TagNameClose);
            _pos += 1;
            _state = State.Data;
            return true;
        }
        return BeforeAttributeName();
    }

    private bool SelfClosingStartTag()
    {
        if (_pos >= _s.Length) return false;
        if (_s[_pos] == '>' && _pos > 0)
        {
            Emit(_pos - 1, 2, Html5TokenType.TagNameSelfClose);
            _state = State.Data;
            _pos += 1;
            return true;
        }
        return BeforeAttributeName();
    }

    private bool BogusComment()
    {
        var idx = IndexFrom(_pos, (byte)'>');
        if (idx < 0)
        {
            Emit(_pos, _s.Length - _pos, Html5TokenType.TagComment);
            _pos = _s.Length;
            _state = State.Eof;
        }
        else
        {
            Emit(_pos, idx - _pos, Html5TokenType.TagComment);
            _pos = idx + 1;
            _state = State.Data;
        }
        return true;
    }

    /// <summary>A &lt;% ... %&gt; comment.</summary>
    private bool BogusComment2()
    {
        var pos = _pos;
        while (true)
        {
            var idx = IndexFrom(pos, (byte)'%');
            if (idx < 0 || idx + 1 >= _s.Length)
            {
                Emit(_pos, _s.Length - _pos, Html5TokenType.TagComment);
                _pos = _s.Length;
                _state = State.Eof;
                return true;
            }
            if (_s[idx + 1] != '>')
            {
                pos = idx + 1;
                continue;
            }
            Emit(_pos, idx - _pos, Html5TokenType.TagComment);
            _pos = idx + 2;
            _state = State.Data;
            return true;
        }
    }

    private bool MarkupDeclarationOpen()
    {
        var rest = _s[_pos..];
        if (rest.Length >= 7 && SqliTokenizer.EqualsUpper("DOCTYPE"u8, rest[..7])) return Doctype();
        if (rest.Length >= 7 && rest[..7].SequenceEqual("[CDATA["u8))
        {
            _pos += 7;
            return Cdata();
        }
        if (rest.Length >= 2 && rest[0] == '-' && rest[1] == '-')
        {
            _pos += 2;
            return Comment();
        }
        return BogusComment();
    }

    /// <summary>A comment ends at the end of input, or at "--&gt;" or "-!&gt;" (zero bytes after the first '-' are skipped).</summary>
    private bool Comment()
    {
        var end = _s.Length;
        var pos = _pos;
        while (true)
        {
            var idx = IndexFrom(pos, (byte)'-');
            if (idx < 0 || idx > end - 3)
            {
                _state = State.Eof;
                return Emit(_pos, end - _pos, Html5TokenType.TagComment);
            }
            var offset = 1;
            while (idx + offset < end && _s[idx + offset] == 0) offset += 1;
            if (idx + offset == end)
            {
                _state = State.Eof;
                return Emit(_pos, end - _pos, Html5TokenType.TagComment);
            }
            var ch = _s[idx + offset];
            if (ch != '-' && ch != '!')
            {
                pos = idx + 1;
                continue;
            }
            offset += 1;
            if (idx + offset == end)
            {
                _state = State.Eof;
                return Emit(_pos, end - _pos, Html5TokenType.TagComment);
            }
            if (_s[idx + offset] != '>')
            {
                pos = idx + 1;
                continue;
            }
            offset += 1;
            Emit(_pos, idx - _pos, Html5TokenType.TagComment);
            _pos = idx + offset;
            _state = State.Data;
            return true;
        }
    }

    private bool Cdata()
    {
        var pos = _pos;
        while (true)
        {
            var idx = IndexFrom(pos, (byte)']');
            if (idx < 0 || idx > _s.Length - 3)
            {
                _state = State.Eof;
                return Emit(_pos, _s.Length - _pos, Html5TokenType.DataText);
            }
            if (_s[idx + 1] == ']' && _s[idx + 2] == '>')
            {
                _state = State.Data;
                Emit(_pos, idx - _pos, Html5TokenType.DataText);
                _pos = idx + 3;
                return true;
            }
            pos = idx + 1;
        }
    }

    private bool Doctype()
    {
        var idx = IndexFrom(_pos, (byte)'>');
        if (idx < 0)
        {
            _state = State.Eof;
            return Emit(_pos, _s.Length - _pos, Html5TokenType.Doctype);
        }
        _state = State.Data;
        Emit(_pos, idx - _pos, Html5TokenType.Doctype);
        _pos = idx + 1;
        return true;
    }
}
