namespace ProxyServer.Runtime.Locations;

/// <summary>How a location matches (<c>location [ = | ^~ | ~ | ~* | @ ] name</c>), plus the two levels that act like one.</summary>
public enum LocationKind
{
    /// <summary>The server's own level: used when no location matches.</summary>
    Server,
    Exact,
    Prefix,
    /// <summary><c>^~</c>: a prefix whose match stops the regex search.</summary>
    PrefixNoRegex,
    Regex,
    RegexCaseless,
    Named,
    /// <summary>An <c>if</c> block: a location config that takes over when its condition holds.</summary>
    If,
}
