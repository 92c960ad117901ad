using System.Text.RegularExpressions;

namespace ProxyServer.NginxConf.Naxsi;

/// <summary>
/// Compiles naxsi regexes (case-insensitive and multiline, as naxsi asks PCRE for) so a hostile
/// request cannot stall a worker. A pattern without repetition (<c>* + {</c>), like the core
/// rules' keyword alternations, cannot backtrack more than its own size at each position, so it
/// gets the faster compiled backtracking engine. Anything with repetition runs on the
/// non-backtracking engine, linear in the input. A pattern that engine cannot run (backreferences,
/// lookarounds) falls back to backtracking under a match timeout; a timed-out match counts as a
/// match, so an attacker gains nothing by it (the runtime's <c>WafRegexSearch</c>).
/// </summary>
public static class WafRegex
{
    public static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(50);

    private const RegexOptions Common = RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant;

    /// <summary>Returns the compiled regex, or null with the engine's own reason when the pattern is invalid.</summary>
    public static Regex? TryCompile(string pattern, out string? error)
    {
        error = null;
        if (pattern.AsSpan().IndexOfAny("*+{") >= 0)
        {
            try
            {
                return new Regex(pattern, Common | RegexOptions.NonBacktracking);
            }
            catch (NotSupportedException)
            {
                // A construct only the backtracking engine has: keep it, bounded by the timeout.
            }
            catch (ArgumentException e)
            {
                error = e.Message;
                return null;
            }
        }
        try
        {
            return new Regex(pattern, Common | RegexOptions.Compiled, BacktrackingTimeout);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
    }
}
