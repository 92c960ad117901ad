namespace ProxyServer.NginxConf.Directives.Values;

public enum LocationMatch
{
    /// <summary><c>location /prefix</c>: longest prefix wins.</summary>
    Prefix,
    /// <summary><c>location ^~ /prefix</c>: a prefix that, when longest, skips the regex locations.</summary>
    PrefixNoRegex,
    /// <summary><c>location = /uri</c>.</summary>
    Exact,
    /// <summary><c>location ~ regex</c>.</summary>
    Regex,
    /// <summary><c>location ~* regex</c>.</summary>
    RegexCaseless,
    /// <summary><c>location @name</c>: only reached by internal redirects.</summary>
    Named,
}

/// <summary>
/// A location's match rule as <c>ngx_http_core_location</c> reads it: a separate modifier
/// (<c>= ^~ ~ ~*</c>) or one glued to the URI (<c>=/x</c>, <c>~\.php$</c>, <c>~*\.jpg$</c>), or <c>@name</c>.
/// </summary>
public sealed record LocationPattern(LocationMatch Match, string Uri)
{
    public bool IsRegex => Match is LocationMatch.Regex or LocationMatch.RegexCaseless;

    public override string ToString() => Match switch
    {
        LocationMatch.Exact => "= " + Uri,
        LocationMatch.PrefixNoRegex => "^~ " + Uri,
        LocationMatch.Regex => "~ " + Uri,
        LocationMatch.RegexCaseless => "~* " + Uri,
        _ => Uri,
    };

    public static Parsed<LocationPattern> Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 2)
        {
            LocationMatch? match = args[0] switch
            {
                "=" => LocationMatch.Exact,
                "^~" => LocationMatch.PrefixNoRegex,
                "~" => LocationMatch.Regex,
                "~*" => LocationMatch.RegexCaseless,
                _ => null,
            };
            return match is { } m
                ? Parsed<LocationPattern>.Success(new LocationPattern(m, args[1]))
                : Parsed<LocationPattern>.Fail($"invalid location modifier \"{args[0]}\"");
        }
        if (args.Count != 1) return Parsed<LocationPattern>.Fail("invalid number of arguments in \"location\" directive");
        var name = args[0];
        if (name.StartsWith('=')) return Parsed<LocationPattern>.Success(new LocationPattern(LocationMatch.Exact, name[1..]));
        if (name.StartsWith("~*", StringComparison.Ordinal)) return Parsed<LocationPattern>.Success(new LocationPattern(LocationMatch.RegexCaseless, name[2..]));
        if (name.StartsWith('~')) return Parsed<LocationPattern>.Success(new LocationPattern(LocationMatch.Regex, name[1..]));
        if (name.StartsWith('@')) return Parsed<LocationPattern>.Success(new LocationPattern(LocationMatch.Named, name));
        return Parsed<LocationPattern>.Success(new LocationPattern(LocationMatch.Prefix, name));
    }

    /// <summary>
    /// nginx's rule for a location inside another (<c>ngx_http_core_location</c>): nothing inside an exact or
    /// named location, a named location only at server level, and a non-regex child must start with the parent's text.
    /// Returns nginx's message, or null when the nesting is allowed.
    /// </summary>
    public static string? NestingError(LocationPattern parent, LocationPattern child)
    {
        if (parent.Match == LocationMatch.Exact) return $"location \"{child.Uri}\" cannot be inside the exact location \"{parent.Uri}\"";
        if (parent.Match == LocationMatch.Named) return $"location \"{child.Uri}\" cannot be inside the named location \"{parent.Uri}\"";
        if (child.Match == LocationMatch.Named) return $"named location \"{child.Uri}\" can be on the server level only";
        if (!child.IsRegex && !child.Uri.StartsWith(parent.Uri, StringComparison.Ordinal))
            return $"location \"{child.Uri}\" is outside location \"{parent.Uri}\"";
        return null;
    }
}
