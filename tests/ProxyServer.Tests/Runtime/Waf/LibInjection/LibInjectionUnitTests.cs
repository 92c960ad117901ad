using System.Text;
using ProxyServer.Runtime.Waf.LibInjection;

namespace ProxyServer.Tests.Runtime.Waf.LibInjection;

/// <summary>
/// libinjection's own unit tests (tokens, folding, SQLi fingerprints, HTML5 tokens), run through
/// the port and printed the way libinjection's test driver prints them.
/// </summary>
public sealed class LibInjectionUnitTests
{
    public static TheoryData<string> Names() => [.. LibInjectionTestData.UnitTests.Value.Keys];

    [Fact]
    public void AllOfLibInjectionsUnitTestsAreHere() => Assert.Equal(480, LibInjectionTestData.UnitTests.Value.Count);

    [Theory]
    [MemberData(nameof(Names))]
    public void Vector_GivesLibInjectionsExpectedOutput(string name)
    {
        var (input, expected) = LibInjectionTestData.UnitTests.Value[name];
        var bytes = Encoding.Latin1.GetBytes(input);
        var actual = name switch
        {
            _ when name.StartsWith("test-tokens-", StringComparison.Ordinal) => Tokens(bytes),
            _ when name.StartsWith("test-folding-", StringComparison.Ordinal) => Folded(bytes),
            _ when name.StartsWith("test-sqli-", StringComparison.Ordinal) => Sqli.IsSqli(bytes, out var print) ? print : "",
            _ when name.StartsWith("test-html5-", StringComparison.Ordinal) => Html5(bytes),
            _ => throw new InvalidOperationException($"unknown test kind {name}"),
        };
        Assert.Equal(expected, actual.TrimEnd(' ', '\n', '\t', '\r'));
    }

    private static string Tokens(byte[] input)
    {
        var text = new StringBuilder();
        var tokenizer = new SqliTokenizer(input, new SqliToken[8], SqliFlags.QuoteNone | SqliFlags.SqlAnsi);
        while (tokenizer.Next()) Print(text, tokenizer.Tokens[tokenizer.Current]);
        return text.ToString();
    }

    private static string Folded(byte[] input)
    {
        var text = new StringBuilder();
        var tokenizer = new SqliTokenizer(input, new SqliToken[8], SqliFlags.QuoteNone | SqliFlags.SqlAnsi);
        var count = tokenizer.Fold();
        for (var i = 0; i < count; i++) Print(text, tokenizer.Tokens[i]);
        return text.ToString();
    }

    // libinjection's print_token: type, space, then the text (strings with their quotes, variables with their '@'s).
    private static void Print(StringBuilder text, in SqliToken token)
    {
        text.Append((char)token.Type).Append(' ');
        if (token.Type == SqliType.Variable) text.Append('@', token.Count);
        var quoted = token.Type is SqliType.String or SqliType.Variable;
        if (quoted && token.StrOpen != 0) text.Append((char)token.StrOpen);
        text.Append(Encoding.Latin1.GetString(token.CString));
        if (quoted && token.StrClose != 0) text.Append((char)token.StrClose);
        text.Append('\n');
    }

    private static string Html5(byte[] input)
    {
        var text = new StringBuilder();
        var tokenizer = new Html5Tokenizer(input, Html5Start.Data);
        while (tokenizer.Next())
            text.Append(Html5Name(tokenizer.TokenType)).Append(',').Append(tokenizer.TokenLength).Append(',')
                .Append(Encoding.Latin1.GetString(CString(tokenizer.Token))).Append('\n');
        return text.ToString();
    }

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> text)
    {
        var zero = text.IndexOf((byte)0);
        return zero < 0 ? text : text[..zero];
    }

    private static string Html5Name(Html5TokenType type) => type switch
    {
        Html5TokenType.DataText => "DATA_TEXT",
        Html5TokenType.TagNameOpen => "TAG_NAME_OPEN",
        Html5TokenType.TagNameClose => "TAG_NAME_CLOSE",
        Html5TokenType.TagNameSelfClose => "TAG_NAME_SELFCLOSE",
        Html5TokenType.TagData => "TAG_DATA",
        Html5TokenType.TagClose => "TAG_CLOSE",
        Html5TokenType.AttrName => "ATTR_NAME",
        Html5TokenType.AttrValue => "ATTR_VALUE",
        Html5TokenType.TagComment => "TAG_COMMENT",
        _ => "DOCTYPE",
    };
}
