using System.Text;
using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// A PCRE regex from the config, run on .NET: <c>(?P&lt;name&gt;)</c> becomes <c>(?&lt;name&gt;)</c>,
/// named groups become variables (as nginx declares them), and a successful match replaces the
/// request's captures. Matching is on byte strings, like PCRE without UTF mode. A match that runs
/// past <see cref="CompileOptions.RegexMatchTimeout"/> (our stand-in for PCRE's match limit) is an
/// error, not a miss, as in ngx_http_regex_exec: it is logged at alert and thrown as
/// <see cref="RegexMatchLimitException"/>, for each caller to do what nginx's caller does with NGX_ERROR.
/// </summary>
public sealed class NginxRegex
{
    private readonly Regex _regex;
    private readonly (int Group, int Slot)[] _namedSlots;

    private NginxRegex(Regex regex, (int, int)[] namedSlots, string source)
    {
        _regex = regex;
        _namedSlots = namedSlots;
        Source = source;
    }

    public string Source { get; }

    /// <summary>Compiled to ignore case (<c>~*</c>).</summary>
    public bool Caseless => (_regex.Options & RegexOptions.IgnoreCase) != 0;

    /// <summary>Number of capture groups including the whole match.</summary>
    public int GroupCount => _regex.GetGroupNumbers().Length;

    /// <summary>Compiles, reporting nginx's <c>pcre_compile() failed: ...</c> on a bad pattern.</summary>
    public static NginxRegex? Compile(string pattern, bool caseless, CompileContext context, SourcePosition at)
    {
        var source = ByteString.FromConfig(pattern);
        Regex regex;
        IReadOnlyList<(string Name, int Number)> names;
        try
        {
            var options = RegexOptions.CultureInvariant | (caseless ? RegexOptions.IgnoreCase : RegexOptions.None);
            (var converted, names) = ToDotNet(NginxConf.Directives.Values.NginxRegex.ToDotNet(source));
            regex = new Regex(converted, options, context.Options.RegexMatchTimeout);
        }
        catch (ArgumentException)
        {
            // The directive table's compiler words the failure as nginx does.
            var failure = NginxConf.Directives.Values.NginxRegex.Compile(pattern, caseless);
            context.Error(failure.Error ?? $"pcre2_compile() failed in \"{pattern}\"", at);
            return null;
        }
        var named = names.Select(n => (n.Number, context.Variables.DeclareSlot(n.Name))).ToArray();
        return new NginxRegex(regex, named, source);
    }

    /// <summary>
    /// Matches without touching the request's captures (tables looked up outside a request pass no
    /// request: a match that gives up is then thrown unlogged).
    /// </summary>
    /// <exception cref="RegexMatchLimitException">The match gave up.</exception>
    public Match Match(string input, NginxRequest? request = null)
    {
        try
        {
            return _regex.Match(input);
        }
        catch (RegexMatchTimeoutException)
        {
            // ngx_http_regex_exec: any failure but "no match" is logged at alert and returned as NGX_ERROR
            // (-47 is PCRE2_ERROR_MATCHLIMIT, the failure a runaway backtrack gives under PCRE).
            request?.Log(LogLevel.Alert, $"pcre2_match() failed: -47 on \"{input}\" using \"{Source}\"");
            throw new RegexMatchLimitException(Source);
        }
    }

    /// <summary>Matches; on success the request's captures and named-capture variables are replaced.</summary>
    /// <exception cref="RegexMatchLimitException">The match gave up (logged on the request).</exception>
    public bool Match(NginxRequest request, string input)
    {
        var match = Match(input, request);
        if (!match.Success) return false;
        Apply(request, match);
        return true;
    }

    /// <summary>Makes an earlier match the request's current captures.</summary>
    public void Apply(NginxRequest request, Match match)
    {
        request.Captures = new RegexCaptures(match);
        foreach (var (group, slot) in _namedSlots)
            request.Slots[slot] = match.Groups[group].Success ? match.Groups[group].Value : "";
    }

    /// <summary>
    /// Rewrites a PCRE pattern for .NET so group numbers stay PCRE's: .NET numbers named groups
    /// after all unnamed ones, PCRE numbers every group by its opening parenthesis. Named groups
    /// (<c>(?&lt;n&gt;</c>, <c>(?'n'</c>, <c>(?P&lt;n&gt;</c>) become plain groups and their names are
    /// returned with their PCRE numbers; <c>\k&lt;n&gt;</c> and <c>(?P=n)</c> become numbered backreferences.
    /// </summary>
    internal static (string Pattern, IReadOnlyList<(string Name, int Number)> Names) ToDotNet(string pattern)
    {
        var names = new List<(string, int)>();
        var builder = new StringBuilder(pattern.Length);
        var groups = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                if (!inClass && pattern[i + 1] == 'k' && i + 2 < pattern.Length && pattern[i + 2] is '<' or '{' or '\'')
                {
                    var close = pattern.IndexOfAny(['>', '}', '\''], i + 3);
                    var name = close > 0 ? pattern[(i + 3)..close] : "";
                    var number = names.FirstOrDefault(n => n.Item1 == name).Item2;
                    if (close > 0 && number > 0)
                    {
                        builder.Append('\\').Append(number);
                        i = close;
                        continue;
                    }
                }
                builder.Append(pattern, i, 2);
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                builder.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                builder.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') { builder.Append('^'); i++; }
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') { builder.Append(']'); i++; }
                continue;
            }
            if (c != '(')
            {
                builder.Append(c);
                continue;
            }
            if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
            {
                groups++;
                builder.Append(c);
                continue;
            }
            var rest = pattern.AsSpan(i);
            int nameStart;
            char terminator;
            if (rest.StartsWith("(?P<")) { nameStart = i + 4; terminator = '>'; }
            else if (rest.StartsWith("(?<") && !rest.StartsWith("(?<=") && !rest.StartsWith("(?<!")) { nameStart = i + 3; terminator = '>'; }
            else if (rest.StartsWith("(?'")) { nameStart = i + 3; terminator = '\''; }
            else if (rest.StartsWith("(?P="))
            {
                var close = pattern.IndexOf(')', i);
                var number = close > 0 ? names.FirstOrDefault(n => n.Item1 == pattern[(i + 4)..close]).Item2 : 0;
                if (number > 0)
                {
                    builder.Append("(?:\\").Append(number).Append(')');
                    i = close;
                    continue;
                }
                builder.Append(c);
                continue;
            }
            else
            {
                builder.Append(c);
                continue;
            }
            var nameEnd = pattern.IndexOf(terminator, nameStart);
            if (nameEnd < 0)
            {
                builder.Append(c);
                continue;
            }
            groups++;
            names.Add((pattern[nameStart..nameEnd], groups));
            builder.Append('(');
            i = nameEnd;
        }
        return (builder.ToString(), names);
    }
}

/// <summary>
/// A regex match that gave up (NGX_ERROR from ngx_http_regex_exec), already logged. nginx's callers
/// differ: location search and the rewrite/if codes answer 500 (<see cref="RequestPipeline"/>), a
/// <c>server_name</c> closes the request unanswered, <c>map</c> takes its default value and
/// <c>proxy_redirect</c> tries its next rule.
/// </summary>
public sealed class RegexMatchLimitException(string pattern)
    : Exception($"regex \"{pattern}\" gave up: backtracking limit reached")
{
    public string Pattern { get; } = pattern;
}
