using System.Text;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Ssi;

/// <summary>What <see cref="SsiParser.Parse"/> stopped at.</summary>
internal enum SsiParse
{
    /// <summary>The bytes ran out (NGX_AGAIN): the state is kept for the next write.</summary>
    Again,
    /// <summary>A whole command was read (NGX_OK): <see cref="SsiParser.Command"/> and <see cref="SsiParser.Params"/>.</summary>
    Command,
    /// <summary>A malformed command ended (NGX_HTTP_SSI_ERROR), its error logged.</summary>
    Error,
}

/// <summary>One <c>name="value"</c> of a command, as read (the value unescaped of its <c>\</c>).</summary>
internal sealed class SsiParam(string key)
{
    public StringBuilder Key { get; } = new(key);
    public StringBuilder Value { get; } = new();
}

/// <summary>
/// ngx_http_ssi_parse: the state machine that finds <c>&lt;!--#command param="value" --&gt;</c> in a page,
/// byte by byte, across writes. Text outside commands goes to the output as it is read, but the bytes of a
/// possible <c>&lt;!--#</c> are held back (nginx's <c>looked</c>) until the next byte decides; held bytes at the
/// page's end are dropped, as nginx drops them. Limits and error texts are nginx's: 32-byte command and
/// parameter names, <c>ssi_value_length</c> values.
/// </summary>
internal sealed class SsiParser(NginxRequest request, int valueLength)
{
    /// <summary>NGX_HTTP_SSI_COMMAND_LEN and NGX_HTTP_SSI_PARAM_LEN.</summary>
    private const int NameLength = 32;

    private static readonly byte[] TagStart = "<!--"u8.ToArray();

    private State _state;
    private State _savedState;
    private int _looked;
    private readonly StringBuilder _command = new();
    private readonly List<SsiParam> _params = [];

    private enum State
    {
        Start, Tag, Comment0, Comment1, Sharp, PreCommand, Command, PreParam, Param, PreEqual, PreValue,
        DoubleQuotedValue, QuotedValue, QuotedSymbol, PostParam, CommentEnd0, CommentEnd1, Error, ErrorEnd0, ErrorEnd1,
    }

    public string Command => _command.ToString();

    public IReadOnlyList<SsiParam> Params => _params;

    /// <summary>Reads from <paramref name="pos"/> until a command ends or the bytes do; text goes to <paramref name="text"/>.</summary>
    public SsiParse Parse(ReadOnlySpan<byte> data, ref int pos, Action<ReadOnlySpan<byte>> text)
    {
        while (pos < data.Length)
        {
            var ch = data[pos];
            if (_state == State.Start)
            {
                // The tight loop: everything up to a '<' is text.
                var lt = data[pos..].IndexOf((byte)'<');
                if (lt < 0)
                {
                    text(data[pos..]);
                    pos = data.Length;
                    return SsiParse.Again;
                }
                if (lt > 0) text(data.Slice(pos, lt));
                pos += lt + 1;
                _looked = 1;
                _state = State.Tag;
                continue;
            }
            pos++;
            switch (_state)
            {
                case State.Tag:
                case State.Comment0:
                case State.Comment1:
                case State.Sharp:
                    TagByte(ch, text);
                    break;

                case State.PreCommand:
                    if (IsSpace(ch)) break;
                    _command.Clear().Append((char)ch);
                    _params.Clear();
                    _state = State.Command;
                    break;

                case State.Command:
                    if (IsSpace(ch)) _state = State.PreParam;
                    else if (ch == '-') _state = State.CommentEnd0;
                    else if (_command.Length == NameLength)
                    {
                        Log($"the \"{_command}{(char)ch}...\" SSI command is too long");
                        _state = State.Error;
                    }
                    else _command.Append((char)ch);
                    break;

                case State.PreParam:
                    if (IsSpace(ch)) break;
                    if (ch == '-')
                    {
                        _state = State.CommentEnd0;
                        break;
                    }
                    _params.Add(new SsiParam(((char)ch).ToString()));
                    _state = State.Param;
                    break;

                case State.Param:
                    if (IsSpace(ch)) _state = State.PreEqual;
                    else if (ch == '=') _state = State.PreValue;
                    else if (ch == '-')
                    {
                        _state = State.ErrorEnd0;
                        Current.Key.Append('-');
                        Log($"invalid \"{Current.Key}\" parameter in \"{_command}\" SSI command");
                    }
                    else if (Current.Key.Length == NameLength)
                    {
                        _state = State.Error;
                        Log($"too long \"{Current.Key}{(char)ch}...\" parameter in \"{_command}\" SSI command");
                    }
                    else Current.Key.Append((char)ch);
                    break;

                case State.PreEqual:
                    if (IsSpace(ch)) break;
                    if (ch == '=')
                    {
                        _state = State.PreValue;
                        break;
                    }
                    _state = ch == '-' ? State.ErrorEnd0 : State.Error;
                    Log($"unexpected \"{(char)ch}\" symbol after \"{Current.Key}\" parameter in \"{_command}\" SSI command");
                    break;

                case State.PreValue:
                    if (IsSpace(ch)) break;
                    if (ch == '"') _state = State.DoubleQuotedValue;
                    else if (ch == '\'') _state = State.QuotedValue;
                    else
                    {
                        _state = ch == '-' ? State.ErrorEnd0 : State.Error;
                        Log($"unexpected \"{(char)ch}\" symbol before value of \"{Current.Key}\" parameter in \"{_command}\" SSI command");
                    }
                    break;

                case State.DoubleQuotedValue:
                case State.QuotedValue:
                    if (ch == (_state == State.DoubleQuotedValue ? '"' : '\''))
                    {
                        _state = State.PostParam;
                        break;
                    }
                    if (ch == '\\')
                    {
                        _savedState = _state;
                        _state = State.QuotedSymbol;
                    }
                    AppendValue(ch);
                    break;

                case State.QuotedSymbol:
                    _state = _savedState;
                    AppendValue(ch);
                    break;

                case State.PostParam:
                    if (IsSpace(ch)) _state = State.PreParam;
                    else if (ch == '-') _state = State.CommentEnd0;
                    else
                    {
                        Log($"unexpected \"{(char)ch}\" symbol after \"{Current.Value}\" value of \"{Current.Key}\" parameter in \"{_command}\" SSI command");
                        _state = State.Error;
                    }
                    break;

                case State.CommentEnd0:
                    if (ch == '-') _state = State.CommentEnd1;
                    else
                    {
                        Log($"unexpected \"{(char)ch}\" symbol in \"{_command}\" SSI command");
                        _state = State.Error;
                    }
                    break;

                case State.CommentEnd1:
                    if (ch == '>')
                    {
                        _state = State.Start;
                        return SsiParse.Command;
                    }
                    Log($"unexpected \"{(char)ch}\" symbol in \"{_command}\" SSI command");
                    _state = State.Error;
                    break;

                case State.Error:
                    if (ch == '-') _state = State.ErrorEnd0;
                    break;

                case State.ErrorEnd0:
                    _state = ch == '-' ? State.ErrorEnd1 : State.Error;
                    break;

                case State.ErrorEnd1:
                    if (ch == '>')
                    {
                        _state = State.Start;
                        return SsiParse.Error;
                    }
                    _state = State.Error;
                    break;
            }
        }
        return SsiParse.Again;
    }

    private SsiParam Current => _params[^1];

    /// <summary>The states of <c>&lt;!--#</c>: one more byte of it, or the held bytes go out as text.</summary>
    private void TagByte(byte ch, Action<ReadOnlySpan<byte>> text)
    {
        var expected = _state switch { State.Tag => '!', State.Comment0 or State.Comment1 => '-', _ => '#' };
        if (ch == expected)
        {
            if (_state == State.Sharp)
            {
                // The held "<!--" is the command's, not text.
                _looked = 0;
                _state = State.PreCommand;
                return;
            }
            _looked++;
            _state = _state switch { State.Tag => State.Comment0, State.Comment0 => State.Comment1, _ => State.Sharp };
            return;
        }
        text(TagStart.AsSpan(0, _looked));
        if (ch == '<')
        {
            _looked = 1;
            _state = State.Tag;
            return;
        }
        text([ch]);
        _looked = 0;
        _state = State.Start;
    }

    private void AppendValue(byte ch)
    {
        if (Current.Value.Length == valueLength)
        {
            Log($"too long \"{Current.Value}{(char)ch}...\" value of \"{Current.Key}\" parameter in \"{_command}\" SSI command");
            _state = State.Error;
            return;
        }
        Current.Value.Append((char)ch);
    }

    private static bool IsSpace(byte ch) => ch is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t';

    private void Log(string message) => request.LogError(message);
}
