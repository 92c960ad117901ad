using System.Text;
using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// A PCRE regex from the config, run on .NET: <c>(?P&lt;name&gt;)</c> becomes <c>(?&lt;name&gt;)</c>,
/// named groups become variables (as nginx declares them), and a successful match replaces the
/// request's captures. Matching is on byte strings, like PCRE without UTF mode.
/// </summary>
public sealed class NginxRegex
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

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
            regex = new Regex(converted, options, MatchTimeout);
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

    /// <summary>Matches without touching the request (for tables looked up outside a request).</summary>
    public Match Match(string input) => _regex.Match(input);

    /// <summary>Matches; on success the request's captures and named-capture variables are replaced.</summary>
    public bool Match(NginxRequest request, string input)
    {
        Match match;
        try
        {
            match = _regex.Match(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
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
