namespace ProxyServer.NginxConf.Syntax;

/// <summary>How <see cref="ConfigLoader"/> finds the files an <c>include</c> names.</summary>
public sealed record ConfigLoadOptions
{
    /// <summary>
    /// nginx's conf prefix: relative include paths are resolved against it. nginx's default, used when
    /// this is null, is the directory of the main config file.
    /// </summary>
    public string? Prefix { get; init; }

    /// <summary>
    /// Rewrites an absolute include path (after prefixing, before globbing) to the path to read,
    /// given where the include directive starts. Lets a copy of <c>/etc/nginx</c> elsewhere be read as if in place.
    /// </summary>
    public Func<string, SourcePosition, string>? MapAbsolutePath { get; init; }

    /// <summary>False parses the main file alone, leaving every <c>include</c> unresolved (crossplane's <c>--single-file</c>).</summary>
    public bool FollowIncludes { get; init; } = true;
}
