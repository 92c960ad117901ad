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
    /// <summary>
    /// A <c>limit_except</c> block: a location config that takes over for the methods it does not
    /// list (ngx_http_update_location_config), inheriting everything but the rewrite program.
    /// </summary>
    LimitExcept,
}
