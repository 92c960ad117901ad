using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Tests.NginxConf.Syntax;

public sealed class ConfigParserTests
{
    private static ParseResult Parse(string text) => ConfigParser.Parse(text, "test.conf");

    private static string Errors(ParseResult result) =>
        string.Join(" | ", result.Diagnostics.Select(d => d.NginxText));

    [Fact]
    public void Parse_DirectivesAndBlocks_KeepOrderNamesArgsAndPositions()
    {
        var result = Parse("user www-data;\nhttp {\n    server {\n        listen 80 default_server;\n    }\n}\n");

        Assert.Empty(result.Diagnostics);
        var user = result.File.Directives[0];
        Assert.Equal("user", user.Name);
        Assert.Equal(["www-data"], user.Args.Select(a => a.Value));
        Assert.Null(user.Block);
        Assert.Equal(new SourcePosition("test.conf", 1, 1), user.Position);
        var http = result.File.Directives[1];
        Assert.NotNull(http.Block);
        var listen = http.Block![0].Block![0];
        Assert.Equal("listen", listen.Name);
        Assert.Equal(["80", "default_server"], listen.Args.Select(a => a.Value));
        Assert.Equal(new SourcePosition("test.conf", 4, 9), listen.Position);
        Assert.Equal(new SourcePosition("test.conf", 4, 16), listen.Args[0].Position);
    }

    [Fact]
    public void Parse_TerminatorPosition_IsWhereTheSemicolonStands()
    {
        var directive = Parse("proxy_set_header\n  Host\n  $host;").File.Directives[0];

        Assert.Equal(1, directive.Position.Line);
        Assert.Equal(3, directive.TerminatorPosition.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\r\n")]
    [InlineData("# only a comment")]
    public void Parse_EmptyFile_HasNoDirectivesAndNoErrors(string text)
    {
        var result = Parse(text);

        Assert.Empty(result.File.Directives);
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("a \"x y\";", "x y", "x y", QuoteKind.Double)]
    [InlineData("a 'x y';", "x y", "x y", QuoteKind.Single)]
    [InlineData(@"a ""q\""q"";", "q\"q", @"q\""q", QuoteKind.Double)]
    [InlineData(@"a 'it\'s';", "it's", @"it\'s", QuoteKind.Single)]
    [InlineData(@"a x\\y;", @"x\y", @"x\\y", QuoteKind.None)]
    [InlineData(@"a ""t\tr\rn\n"";", "t\tr\rn\n", @"t\tr\rn\n", QuoteKind.Double)]
    [InlineData(@"a ^/(\d+)\.html$;", @"^/(\d+)\.html$", @"^/(\d+)\.html$", QuoteKind.None)]
    [InlineData(@"a x\ y;", @"x\ y", @"x\ y", QuoteKind.None)]
    [InlineData("a x#y;", "x#y", "x#y", QuoteKind.None)]
    [InlineData("a x}y;", "x}y", "x}y", QuoteKind.None)]
    [InlineData("a x\"y\";", "x\"y\"", "x\"y\"", QuoteKind.None)]
    [InlineData("a ${host}x;", "${host}x", "${host}x", QuoteKind.None)]
    [InlineData("a x${host};", "x${host}", "x${host}", QuoteKind.None)]
    [InlineData("a \"^/a{2,3}$\";", "^/a{2,3}$", "^/a{2,3}$", QuoteKind.Double)]
    [InlineData("a \"\";", "", "", QuoteKind.Double)]
    public void Parse_Argument_ValueIsNginxUnescapedAndRawIsAsWritten(string text, string value, string raw, QuoteKind quote)
    {
        var result = Parse(text);

        Assert.Empty(result.Diagnostics);
        var argument = Assert.Single(result.File.Directives[0].Args);
        Assert.Equal(value, argument.Value);
        Assert.Equal(raw, argument.Raw);
        Assert.Equal(quote, argument.Quote);
    }

    [Fact]
    public void Parse_NewlinesInsideQuotesAndEscapes_CountAsLines()
    {
        var result = Parse("a \"x\ny\" 'p\nq' b;\nc x\\\ny;\nd;");

        Assert.Empty(result.Diagnostics);
        var (a, c, d) = (result.File.Directives[0], result.File.Directives[1], result.File.Directives[2]);
        Assert.Equal(["x\ny", "p\nq", "b"], a.Args.Select(arg => arg.Value));
        Assert.Equal(new SourcePosition("test.conf", 3, 4), a.Args[2].Position);
        Assert.Equal(4, c.Position.Line);
        Assert.Equal("x\\\ny", c.Args[0].Raw);
        Assert.Equal(6, d.Position.Line);
        Assert.Equal(1, d.Position.Column);
    }

    [Fact]
    public void Parse_CommentAfterArguments_IsNotAnArgument()
    {
        var result = Parse("listen 80; # the port\nroot /var/www; #another\n");

        Assert.Equal(["listen", "root"], result.File.Directives.Select(d => d.Name));
        Assert.Equal(["/var/www"], result.File.Directives[1].Args.Select(a => a.Value));
    }

    [Fact]
    public void Parse_BracesInsideQuotes_AreText()
    {
        var result = Parse("location ~ \"^/x{1,2}\" { return 200 '}'; }");

        Assert.Empty(result.Diagnostics);
        var location = result.File.Directives[0];
        Assert.Equal(["~", "^/x{1,2}"], location.Args.Select(a => a.Value));
        Assert.Equal(["200", "}"], location.Block![0].Args.Select(a => a.Value));
    }

    [Theory]
    // Each expectation was pinned by running nginx 1.22.1 -t on the same text inside events {} http { server { ... } }.
    [InlineData("return 200 \"a\"b;", "unexpected \"b\" in test.conf:1")]
    [InlineData("a b }", "unexpected \"}\" in test.conf:1")]
    [InlineData("}", "unexpected \"}\" in test.conf:1")]
    [InlineData("a b", "unexpected end of file, expecting \";\" or \"}\" in test.conf:1")]
    [InlineData("a {\n b;\n", "unexpected end of file, expecting \"}\" in test.conf:3")]
    [InlineData(";", "unexpected \";\" in test.conf:1")]
    [InlineData("{ }", "unexpected \"{\" in test.conf:1")]
    [InlineData("map $a $b {\n default 0;\n x {\n return 500;\n }\n}", "unexpected \"{\" in test.conf:3")]
    [InlineData("types { text/html { x; } }", "unexpected \"{\" in test.conf:1")]
    [InlineData("a \"unterminated;\n", "unexpected end of file, expecting \";\" or \"}\" in test.conf:2")]
    public void Parse_SyntaxError_IsReportedLikeNginx(string text, string expected)
    {
        Assert.Equal(expected, Errors(Parse(text)));
    }

    // nginx 1.22.1 reads through a 4096-byte buffer that must hold a whole token; pinned by running nginx -t
    // on the same texts: a 4095-byte word passes and a 4096-byte one fails, a long comment fails, long whitespace does not.
    [Theory]
    [InlineData("a {0};", 4095, "")]
    [InlineData("a {0};", 4096, "too long parameter \"xxxxxxxxxx...\" started in test.conf:1")]
    [InlineData("a\n#{0}\nb;", 5000, "too long parameter \"#xxxxxxxxx...\" started in test.conf:2")]
    [InlineData("a \"{0}\";", 5000, "too long parameter, probably missing terminating \"\"\" character in test.conf:1")]
    [InlineData("a '{0}';", 5000, "too long parameter, probably missing terminating \"'\" character in test.conf:1")]
    [InlineData("a \"{0}\"                                                  ;", 4000, "")]
    public void Parse_TokenLongerThanNginxBuffer_IsNginxError(string template, int length, string expected)
    {
        var text = template.Replace("{0}", new string('x', length));

        Assert.Equal(expected, Errors(Parse(text)));
    }

    [Fact]
    public void Parse_LongWhitespaceBetweenStatements_IsFine()
    {
        Assert.Empty(Parse("a;" + new string('\n', 5000) + "b;").Diagnostics);
    }

    [Fact]
    public void Parse_SeveralErrors_AreAllReportedAndParsingGoesOn()
    {
        var result = Parse("a \"x\"y;\n;\nserver {\n  listen 80\n}\nb c;\n");

        Assert.Equal(
            "unexpected \"y\" in test.conf:1 | unexpected \";\" in test.conf:2 | unexpected \"}\" in test.conf:5",
            Errors(result));
        Assert.Equal(["a", "server", "b"], result.File.Directives.Select(d => d.Name));
    }

    [Fact]
    public void Parse_QuoteFollowedByParen_IsAllowedLikeNginx()
    {
        var result = Parse("if ($a = \"x\") { return 404; }");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["($a", "=", "x", ")"], result.File.Directives[0].Args.Select(a => a.Value));
    }

    [Fact]
    public void Parse_LuaBlock_IsOneRawArgumentWithBracesInStringsAndComments()
    {
        var text = "content_by_lua_block {\n  local s = \"}\" -- }\n  local t = { 1 }\n  local u = [[ } ]]\n}\nnext 1;\n";

        var result = Parse(text);

        Assert.Empty(result.Diagnostics);
        var lua = result.File.Directives[0];
        Assert.Null(lua.Block);
        var code = Assert.Single(lua.Args);
        Assert.Equal(QuoteKind.RawBlock, code.Quote);
        Assert.Equal("\n  local s = \"}\" -- }\n  local t = { 1 }\n  local u = [[ } ]]\n", code.Value);
        Assert.Equal("next", result.File.Directives[1].Name);
        Assert.Equal(6, result.File.Directives[1].Position.Line);
    }

    [Fact]
    public void Parse_SetByLuaBlock_KeepsItsVariableArgument()
    {
        var lua = Parse("set_by_lua_block $res { return 1 }").File.Directives[0];

        Assert.Equal(["$res", " return 1 "], lua.Args.Select(a => a.Value));
    }

    [Fact]
    public void Parse_NonUtf8Bytes_AreKeptLosslessly()
    {
        byte[] bytes = [.. "return 200 \"M"u8, 0xFC, .. "ller\";"u8];

        var result = ConfigParser.Parse(bytes, "test.conf");

        Assert.Empty(result.Diagnostics);
        var argument = result.File.Directives[0].Args[1];
        Assert.Equal(bytes[12..^2], ConfigText.ToBytes(argument.Value));
        Assert.Equal("M\uFFFDller", argument.CrossplaneText);
    }

    [Fact]
    public void Parse_DeepNesting_IsAnErrorNotACrash()
    {
        var text = string.Concat(Enumerable.Repeat("a {", 100_000));

        var result = Parse(text);

        Assert.Contains(result.Diagnostics, d => d.Message.Contains("nested deeper"));
    }
}
