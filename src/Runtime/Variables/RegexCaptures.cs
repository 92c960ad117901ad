using System.Text.RegularExpressions;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// The captures of the last regex that matched for a request (location, server_name, rewrite,
/// if, map): what <c>$1..$9</c> read. <c>$0</c> is the whole match, as in nginx.
/// </summary>
public sealed class RegexCaptures
{
    public static readonly RegexCaptures None = new(null);

    private readonly Match? _match;

    public RegexCaptures(Match? match) => _match = match;

    /// <summary>Number of capture groups, including group 0 (nginx's <c>r->ncaptures / 2</c>).</summary>
    public int Count => _match?.Groups.Count ?? 0;

    public string? Group(int number)
    {
        if (_match is null || number >= _match.Groups.Count) return null;
        var group = _match.Groups[number];
        return group.Success ? group.Value : "";
    }
}
