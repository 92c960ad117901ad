using System.Text;
using System.Text.RegularExpressions;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.Ssi;

/// <summary>
/// An SSI command (ngx_http_ssi_command_t): its parameters, the mandatory ones, where it may stand
/// (<c>Conditional</c>: 1 inside an <c>if</c>, 2 after <c>if</c> or <c>else</c>), whether it ends a block.
/// </summary>
internal sealed record SsiCommand(Func<SsiStage, Dictionary<string, string>, Task<bool>> Handler, string[] Params, string[] Mandatory, int Conditional = 0, bool EndsBlock = false);

/// <summary>The commands of ngx_http_ssi_filter_module.c, each its handler ported (ngx_http_ssi_include, _echo, ...).</summary>
internal sealed partial class SsiStage
{
    /// <summary>NGX_HTTP_SSI_MAX_PARAMS.</summary>
    private const int MaxParams = 16;

    private const int CondIf = 1;
    private const int CondElse = 2;

    private static readonly Dictionary<string, SsiCommand> Commands = new(StringComparer.Ordinal)
    {
        ["include"] = new((s, p) => s.IncludeAsync(p), ["virtual", "file", "wait", "set", "stub"], []),
        ["echo"] = new((s, p) => Task.FromResult(s.Echo(p)), ["var", "default", "encoding"], ["var"]),
        ["config"] = new((s, p) => Task.FromResult(s.Config(p)), ["errmsg", "timefmt"], []),
        ["set"] = new((s, p) => Task.FromResult(s.Set(p)), ["var", "value"], ["var", "value"]),
        ["if"] = new((s, p) => Task.FromResult(s.If(p, elif: false)), ["expr"], ["expr"]),
        ["elif"] = new((s, p) => Task.FromResult(s.If(p, elif: true)), ["expr"], ["expr"], CondIf),
        ["else"] = new((s, _) => Task.FromResult(s.Else()), [], [], CondIf),
        ["endif"] = new((s, _) => Task.FromResult(s.EndIf()), [], [], CondElse),
        ["block"] = new((s, p) => Task.FromResult(s.Block(p)), ["name"], ["name"]),
        ["endblock"] = new((s, _) => Task.FromResult(s.EndBlock()), [], [], EndsBlock: true),
    };

    /// <summary>ngx_http_ssi_include: a subrequest for <c>virtual=</c> or <c>file=</c>, its answer in the command's place.</summary>
    private async Task<bool> IncludeAsync(Dictionary<string, string> p)
    {
        var uri = p.GetValueOrDefault("virtual");
        var file = p.GetValueOrDefault("file");
        var wait = p.GetValueOrDefault("wait");
        var set = p.GetValueOrDefault("set");
        var stub = p.GetValueOrDefault("stub");
        if (uri is not null && file is not null)
        {
            _request.LogError($"inclusion may be either virtual=\"{uri}\" or file=\"{file}\"");
            return false;
        }
        if (uri is null && file is null)
        {
            _request.LogError("no parameter in \"include\" SSI command");
            return false;
        }
        if (set is not null && stub is not null)
        {
            _request.LogError("\"set\" and \"stub\" cannot be used together in \"include\" SSI command");
            return false;
        }
        var waited = false;
        if (wait is not null)
        {
            if (uri is null)
            {
                _request.LogError($"\"wait\" cannot be used with file=\"{file}\"");
                return false;
            }
            if (wait.Equals("yes", StringComparison.OrdinalIgnoreCase)) waited = true;
            else if (!wait.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                _request.LogError($"invalid value \"{wait}\" in the \"wait\" parameter");
                return false;
            }
        }
        if (uri is null)
        {
            uri = file!;
            waited = true;
        }
        if (Evaluate(uri, addPrefix: true) is not { } target) return false;
        if (!ParseUnsafeUri(target, out var path, out var args)) return false;

        SsiBlock? stubBlock = null;
        if (stub is not null && (stubBlock = _shared.FindBlock(stub)) is null)
        {
            _request.LogError($"\"stub\"=\"{stub}\" for \"include\" not found");
            return false;
        }

        if (set is not null)
        {
            StartPosted();
            // ngx_http_ssi_set_variable: the variable exists (empty) from now on; a 2xx answer in memory is its value.
            var name = AsciiLower(set);
            _shared.Set(name, "");
            var result = await Subrequests.RunAsync(_request, path, args, new SubrequestOptions(KeepBody: true, InMemory: true));
            if (result is null) return false;
            if (result.Status < 300) _shared.Set(name, ByteString.FromBytes(result.Body.Span));
            return true;
        }

        var answer = Post(() => AnswerAsync(path, args, stubBlock));
        if (!waited) return true;
        StartPosted();
        await answer;
        return true;
    }

    /// <summary>
    /// The included answer's bytes; the stub's text (ngx_http_ssi_stub_output) when it had none or was finalized with a status
    /// (a 404 page); errmsg when it could not be made.
    /// </summary>
    private async Task<byte[]> AnswerAsync(string path, string? args, SsiBlock? stub)
    {
        var result = await Subrequests.RunAsync(_request, path, args, new SubrequestOptions(KeepBody: true));
        if (result is null) return _settings.SilentErrors ? [] : ByteString.ToBytes(_page.ErrorMessage);
        if (stub is null || (result.Body.Length > 0 && !result.Request.FinalizedWithStatus)) return result.Body.ToArray();
        byte[] text;
        lock (stub) text = stub.Bytes.ToArray();
        // The stub is the subrequest's output, sent with the page's type: it passes the SSI of the subrequest's location
        // (ngx_http_output_filter(sr, ...)), unless its answer said it had no body (no SSI context then).
        if (result.Request.Location.Features.Get<SsiSettings>() is not { } settings || text.Length == 0
            || result.Headers.ContentLength == 0 || !settings.Types.Matches(_request.Http.Response.ContentType))
        {
            return text;
        }
        var output = new MemoryStream();
        var stage = new SsiStage(output, result.Request, settings, new SsiPage());
        await stage.WriteAsync(text);
        await stage.DisposeAsync();
        return output.ToArray();
    }

    /// <summary>ngx_http_ssi_echo.</summary>
    private bool Echo(Dictionary<string, string> p)
    {
        var name = AsciiLower(p["var"]);
        var value = Variable(name);
        if (value is null)
        {
            value = p.GetValueOrDefault("default");
            if (value is null) value = "(none)";
            else if (value.Length == 0) return true;
        }
        else if (value.Length == 0)
        {
            return true;
        }
        if (p.GetValueOrDefault("encoding") is { } encoding)
        {
            switch (encoding)
            {
                case "none": _page.Encoding = SsiEncoding.None; break;
                case "url": _page.Encoding = SsiEncoding.Url; break;
                case "entity": _page.Encoding = SsiEncoding.Entity; break;
                default: _request.LogError($"unknown encoding \"{encoding}\" in the \"echo\" command"); break;
            }
        }
        Emit(_page.Encoding switch
        {
            SsiEncoding.Url => UriEscaping.EscapeHtmlUri(value),
            SsiEncoding.Entity => SsiEscaping.EscapeHtml(value),
            _ => value,
        });
        return true;
    }

    /// <summary>ngx_http_ssi_config.</summary>
    private bool Config(Dictionary<string, string> p)
    {
        if (p.GetValueOrDefault("timefmt") is { } timefmt) _page.TimeFormat = timefmt;
        if (p.GetValueOrDefault("errmsg") is { } errmsg) _page.ErrorMessage = errmsg;
        return true;
    }

    /// <summary>ngx_http_ssi_set.</summary>
    private bool Set(Dictionary<string, string> p)
    {
        if (Evaluate(p["value"], addPrefix: false) is not { } value) return false;
        _shared.Set(AsciiLower(p["var"]), value);
        return true;
    }

    /// <summary>ngx_http_ssi_if (and <c>elif</c>): <c>$a</c>, <c>$a = text</c>, <c>$a != text</c>, <c>$a = /regex/</c>.</summary>
    private bool If(Dictionary<string, string> p, bool elif)
    {
        if (!elif && _page.Conditional != 0)
        {
            _request.LogError("the \"if\" command inside the \"if\" command");
            return false;
        }
        if (_page.OutputChosen)
        {
            _page.Output = false;
            return true;
        }
        var expr = p["expr"];
        // The left side: letters (lowered in place, as nginx does), digits, $ { } _ and quotes.
        var chars = expr.ToCharArray();
        var i = 0;
        for (; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c is >= 'A' and <= 'Z')
            {
                chars[i] = (char)(c | 0x20);
                continue;
            }
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '$' or '{' or '}' or '_' or '"' or '\'') continue;
            break;
        }
        expr = new string(chars);
        var leftText = expr[..i];
        while (i < expr.Length && expr[i] == ' ') i++;
        if (Evaluate(leftText, addPrefix: false) is not { } left) return false;
        if (i == expr.Length)
        {
            Choose(left.Length > 0);
            return true;
        }
        bool negative;
        if (expr[i] == '=')
        {
            negative = false;
            i++;
        }
        else if (i + 1 < expr.Length && expr[i] == '!' && expr[i + 1] == '=')
        {
            negative = true;
            i += 2;
        }
        else
        {
            _request.LogError($"invalid expression in \"{expr}\"");
            return false;
        }
        while (i < expr.Length && expr[i] == ' ') i++;
        var last = expr.Length;
        var regex = false;
        if (i < last - 1 && expr[i] == '/')
        {
            if (expr[last - 1] != '/')
            {
                _request.LogError($"invalid expression in \"{expr}\"");
                return false;
            }
            regex = true;
            last--;
            i++;
        }
        else if (i < last - 1 && expr[i] == '\\' && expr[i + 1] == '/')
        {
            i++;
        }
        if (Evaluate(expr[i..last], addPrefix: false) is not { } right) return false;
        bool matched;
        if (!regex)
        {
            matched = left == right;
        }
        else if (RegexMatch(right, left) is { } result)
        {
            matched = result;
        }
        else
        {
            return false;
        }
        Choose(matched != negative);
        return true;
    }

    private void Choose(bool taken)
    {
        _page.Output = taken;
        if (taken) _page.OutputChosen = true;
        _page.Conditional = CondIf;
    }

    /// <summary>ngx_http_ssi_regex_match: null on a pattern that does not compile or a match that gives up (logged).</summary>
    private bool? RegexMatch(string pattern, string text)
    {
        var compiled = NginxConf.Directives.Values.NginxRegex.Compile(pattern, caseless: false);
        if (compiled.Value is not { } regex)
        {
            _request.LogError(compiled.Error ?? $"pcre2_compile() failed in \"{pattern}\"");
            return null;
        }
        Match match;
        try
        {
            match = regex.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            _request.Log(LogLevel.Alert, $"pcre2_match() failed: -47 on \"{text}\" using \"{pattern}\"");
            return null;
        }
        if (!match.Success) return false;
        _shared.Matched(match, regex);
        return true;
    }

    private bool Else()
    {
        _page.Output = !_page.OutputChosen;
        _page.Conditional = CondElse;
        return true;
    }

    private bool EndIf()
    {
        _page.Output = true;
        _page.OutputChosen = false;
        _page.Conditional = 0;
        return true;
    }

    private bool Block(Dictionary<string, string> p)
    {
        _shared.AddBlock(p["name"]);
        _page.Output = false;
        _page.InBlock = true;
        return true;
    }

    private bool EndBlock()
    {
        _page.Output = true;
        _page.InBlock = false;
        return true;
    }

    /// <summary>A variable as SSI reads it: the page's own (ngx_http_ssi_get_variable), else nginx's; null when not found.</summary>
    private string? Variable(string name) => _shared.Get(name) ?? _settings.Variables.Get(name, _request);

    /// <summary>
    /// ngx_http_ssi_evaluate_string: <c>$name</c> and <c>${name}</c> replaced by their values (a variable not found by
    /// nothing), <c>\</c> kept only before other than <c>\ ' " $</c>; with <paramref name="addPrefix"/> a relative
    /// result gets the directory of the page's URI. Null on a bad variable name (logged).
    /// </summary>
    private string? Evaluate(string text, bool addPrefix)
    {
        var parts = new List<string>();
        var i = 0;
        if (!text.Contains('$'))
        {
            parts.Add(Unquote(text, ref i, stopAtDollar: false));
        }
        else
        {
            while (i < text.Length)
            {
                if (text[i] != '$')
                {
                    parts.Add(Unquote(text, ref i, stopAtDollar: true));
                    continue;
                }
                if (++i == text.Length) return InvalidVariable(text);
                var bracket = false;
                if (text[i] == '{')
                {
                    bracket = true;
                    if (++i == text.Length) return InvalidVariable(text);
                }
                var start = i;
                var end = -1;
                for (; i < text.Length; i++)
                {
                    var ch = text[i];
                    if (ch == '}' && bracket)
                    {
                        end = i++;
                        bracket = false;
                        break;
                    }
                    if (ch is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') continue;
                    break;
                }
                var name = text[start..(end < 0 ? i : end)];
                if (bracket)
                {
                    _request.LogError($"the closing bracket in \"{name}\" variable is missing");
                    return null;
                }
                if (name.Length == 0) return InvalidVariable(text);
                if (Variable(AsciiLower(name)) is { } value) parts.Add(value);
            }
        }
        var result = string.Concat(parts);
        if (addPrefix)
        {
            var relative = text.Contains('$')
                ? FirstNonEmpty(parts) is { } first && first[0] != '/'
                : text.Length == 0 || text[0] != '/';
            var slash = _request.Uri.LastIndexOf('/');
            if (relative && slash >= 0) result = _request.Uri[..(slash + 1)] + result;
        }
        return result;
    }

    private static string? FirstNonEmpty(List<string> parts) => parts.Find(p => p.Length > 0);

    private string? InvalidVariable(string text)
    {
        _request.LogError($"invalid variable name in \"{text}\"");
        return null;
    }

    /// <summary>A literal part of a string: <c>\x</c> is <c>x</c> for <c>\ ' " $</c>, else stays <c>\x</c>.</summary>
    private static string Unquote(string text, ref int i, bool stopAtDollar)
    {
        var part = new StringBuilder();
        var quoted = false;
        for (; i < text.Length; i++)
        {
            var ch = text[i];
            if (!quoted)
            {
                if (ch == '\\')
                {
                    quoted = true;
                    continue;
                }
                if (ch == '$' && stopAtDollar) break;
            }
            else
            {
                quoted = false;
                if (ch is not ('\\' or '\'' or '"' or '$')) part.Append('\\');
            }
            part.Append(ch);
        }
        return part.ToString();
    }

    /// <summary>
    /// ngx_http_parse_unsafe_uri: splits the arguments off at the first <c>?</c>, unescapes <c>%XX</c> in the path,
    /// and refuses a path that climbs out (<c>/../</c>, a leading <c>..</c>) or holds a NUL.
    /// </summary>
    private bool ParseUnsafeUri(string uri, out string path, out string? args)
    {
        path = uri;
        args = null;
        if (uri.Length == 0 || uri[0] == '?' || Climbs(uri)) return Unsafe(uri);
        var quoted = false;
        for (var i = 0; i < uri.Length; i++)
        {
            var ch = uri[i];
            if (ch == '%') quoted = true;
            else if (ch == '?')
            {
                args = uri[(i + 1)..];
                path = uri[..i];
                break;
            }
            else if (ch == '\0') return Unsafe(uri);
        }
        if (quoted)
        {
            path = UriEscaping.Unescape(path);
            if (path.Contains('\0') || Climbs(path)) return Unsafe(path);
        }
        return true;
    }

    private static bool Climbs(string path) =>
        path == ".." || path.StartsWith("../", StringComparison.Ordinal) || path.Contains("/../", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal);

    private bool Unsafe(string uri)
    {
        _request.LogError($"unsafe URI \"{uri}\" was detected");
        return false;
    }

    /// <summary>ngx_hash_strlow's lowering: ASCII letters only.</summary>
    private static string AsciiLower(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] is >= 'A' and <= 'Z') chars[i] = (char)(chars[i] | 0x20);
        return new string(chars);
    }
}
