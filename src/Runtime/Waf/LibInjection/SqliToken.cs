// Port of libinjection 4 (https://github.com/libinjection/libinjection, src/libinjection_sqli.c).
// Copyright (c) 2012-2016, Nick Galbreath; 2021 LibInjection. BSD-3-Clause: see COPYING.txt in this folder.

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ProxyServer.Runtime.Waf.LibInjection;

/// <summary>A token's text: at most 31 bytes kept, then a terminating zero, as libinjection's <c>val[32]</c>.</summary>
[InlineArray(Size)]
internal struct TokenValue
{
    public const int Size = 32;
    private byte _first;
}

/// <summary>One SQL token: its type character (which is also its letter in the fingerprint) and text.</summary>
internal struct SqliToken
{
    public int Pos;
    public int Len;
    /// <summary>How many <c>@</c> started a variable (1 or 2).</summary>
    public int Count;
    public byte Type;
    /// <summary>The quote that opened a string (0 when the string was only assumed to be open).</summary>
    public byte StrOpen;
    /// <summary>The quote that closed a string (0 when the input ended first).</summary>
    public byte StrClose;
    public TokenValue Val;

    public void Clear() => this = default;

    public void AssignChar(byte type, int pos, byte value)
    {
        Type = type;
        Pos = pos;
        Len = 1;
        Val[0] = value;
        Val[1] = 0;
    }

    /// <summary>Keeps up to 31 bytes of <paramref name="value"/>, like <c>st_assign</c>.</summary>
    public void Assign(byte type, int pos, ReadOnlySpan<byte> value)
    {
        var last = Math.Min(value.Length, TokenValue.Size - 1);
        Type = type;
        Pos = pos;
        Len = last;
        value[..last].CopyTo(Val);
        Val[last] = 0;
    }

    /// <summary>The kept text (<see cref="Len"/> bytes).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Text => ((ReadOnlySpan<byte>)Val)[..Len];

    /// <summary>The text up to its first zero byte, as C's string functions see <c>val</c>.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> CString
    {
        get
        {
            ReadOnlySpan<byte> all = Val;
            var end = all.IndexOf((byte)0);
            return end < 0 ? all : all[..end];
        }
    }
}
