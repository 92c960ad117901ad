using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Static;

/// <summary>
/// What the static, index and try_files handlers read for one location, inheritance applied:
/// root or alias, index files, MIME types, and the conditional/range switches of the core module.
/// </summary>
public sealed record StaticSettings
{
    public required DocumentRoot Root { get; init; }
    public required IndexFiles Index { get; init; }
    public required MimeTypes Types { get; init; }
    public bool Etag { get; init; } = true;
    public IfModifiedSinceMode IfModifiedSince { get; init; } = IfModifiedSinceMode.Exact;

    /// <summary><c>max_ranges</c>; null = unlimited, 0 = ranges off.</summary>
    public int? MaxRanges { get; init; }

    /// <summary>
    /// The autoindex handler (nginx's content phase runs it after the index handler declined, before the
    /// directory is refused with 403); null when <c>autoindex</c> is off.
    /// </summary>
    public Modules.IContentHandler? DirectoryListing { get; init; }
}
