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

    /// <summary>Number of capture groups including the whole match.</summary>
    public int GroupCount => _regex.GetGroupNumbers().Length;

    /// <summary>Compiles, reporting nginx's <c>pcre_compile() failed: ...</c> on a bad pattern.</summary>
    public static NginxRegex? Compile(string pattern, bool caseless, CompileContext context, SourcePosition at)
    {
        var source = ByteString.FromConfig(pattern);
        Regex regex;
        try
        {
            var options = RegexOptions.CultureInvariant | (caseless ? RegexOptions.IgnoreCase : RegexOptions.None);
            regex = new Regex(ToDotNet(source), options, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            context.Error($"pcre2_compile() failed: {e.Message} in \"{pattern}\"", at);
            return null;
        }
        var named = new List<(int, int)>();
        foreach (var name in regex.GetGroupNames())
        {
            if (int.TryParse(name, out _)) continue;
            named.Add((regex.GroupNumberFromName(name), context.Variables.DeclareSlot(name)));
        }
        return new NginxRegex(regex, [.. named], source);
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

    /// <summary>PCRE spellings .NET does not read: <c>(?P&lt;n&gt;</c>, <c>(?P=n)</c>, <c>(?P&gt;n)</c>.</summary>
    internal static string ToDotNet(string pattern)
    {
        if (!pattern.Contains("(?P", StringComparison.Ordinal)) return pattern;
        var builder = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(pattern, i, 2);
                i++;
                continue;
            }
            if (string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0) { builder.Append("(?<"); i += 3; continue; }
            if (string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                var end = pattern.IndexOf(')', i);
                if (end > 0) { builder.Append("\\k<").Append(pattern, i + 4, end - i - 4).Append('>'); i = end; continue; }
            }
            if (string.CompareOrdinal(pattern, i, "(?P>", 0, 4) == 0) { builder.Append("(?&"); i += 3; continue; }
            builder.Append(pattern[i]);
        }
        return builder.ToString();
    }
}
