using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// One <c>proxy_cache_path</c> as <c>ngx_http_file_cache_set_slot</c> reads it: the directory, its
/// <c>levels</c>, the <c>keys_zone</c> name and size, <c>inactive</c> (10 minutes), <c>max_size</c>
/// (no limit), <c>min_free</c> (none). <c>use_temp_path</c>, <c>loader_*</c> and <c>manager_*</c> are
/// checked as nginx checks them; entries are always written beside their final place and the
/// index is kept current on every write, so they change nothing.
/// </summary>
/// <remarks>Compared by value (levels as written, <c>1:2</c>): a reload declaring the same zone finds the same <see cref="CacheZone"/>.</remarks>
public sealed record CachePathSpec(string Name, string Path, string Levels, long ZoneSize, TimeSpan Inactive, long MaxSize, long MinFree)
{
    /// <summary>nginx refuses a keys_zone smaller than two pages.</summary>
    private const long MinZoneSize = 2 * 4096;

    /// <summary>What one index node costs (nginx's ngx_http_file_cache_node_t plus its slab overhead), to bound the index by the zone size.</summary>
    public const int NodeSize = 128;

    /// <summary>How many keys the index keeps at most: the zone's size over a node's.</summary>
    public int MaxKeys => (int)Math.Min(int.MaxValue, Math.Max(1, ZoneSize / NodeSize));

    /// <summary>The arguments after the path (resolved by the caller); nginx's error text on the first bad one.</summary>
    public static (CachePathSpec? Spec, string? Error) Parse(string directive, string path, IReadOnlyList<string> parameters)
    {
        var levels = new List<int>();
        string? name = null;
        long size = 0;
        var inactive = TimeSpan.FromMinutes(10);
        var maxSize = long.MaxValue;
        long minFree = 0;
        foreach (var value in parameters)
        {
            if (value.StartsWith("levels=", StringComparison.Ordinal))
            {
                if (!TryParseLevels(value[7..], levels)) return (null, $"invalid \"levels\" \"{value}\"");
                continue;
            }
            if (value.StartsWith("use_temp_path=", StringComparison.Ordinal))
            {
                if (value[14..] is not ("on" or "off")) return (null, $"invalid use_temp_path value \"{value}\", it must be \"on\" or \"off\"");
                continue;
            }
            if (value.StartsWith("keys_zone=", StringComparison.Ordinal))
            {
                var colon = value.IndexOf(':', 10);
                if (colon < 0 || !NginxSize.TryParse(value[(colon + 1)..], out size)) return (null, $"invalid keys zone size \"{value}\"");
                if (size < MinZoneSize) return (null, $"keys zone \"{value}\" is too small");
                name = value[10..colon];
                continue;
            }
            if (value.StartsWith("inactive=", StringComparison.Ordinal))
            {
                if (!NginxTime.TryParseSeconds(value[9..], out inactive)) return (null, $"invalid inactive value \"{value}\"");
                continue;
            }
            if (value.StartsWith("max_size=", StringComparison.Ordinal))
            {
                if (!NginxSize.TryParseOffset(value[9..], out maxSize)) return (null, $"invalid max_size value \"{value}\"");
                continue;
            }
            if (value.StartsWith("min_free=", StringComparison.Ordinal))
            {
                if (!NginxSize.TryParseOffset(value[9..], out minFree)) return (null, $"invalid min_free value \"{value}\"");
                continue;
            }
            if (Counter(value, "loader_files=", "manager_files=") is { } files)
            {
                if (!NginxNumber.TryParse(value.AsSpan(files.Length), out _)) return (null, $"invalid {files[..^1]} value \"{value}\"");
                continue;
            }
            if (Counter(value, "loader_sleep=", "loader_threshold=", "manager_sleep=", "manager_threshold=") is { } time)
            {
                if (!NginxTime.TryParse(value[time.Length..], out _)) return (null, $"invalid {time[..^1]} value \"{value}\"");
                continue;
            }
            return (null, $"invalid parameter \"{value}\"");
        }
        if (string.IsNullOrEmpty(name) || size == 0) return (null, $"\"{directive}\" must have \"keys_zone\" parameter");
        return (new CachePathSpec(name, path, string.Join(':', levels), size, inactive, maxSize, minFree), null);
    }

    private static string? Counter(string value, params string[] prefixes) =>
        prefixes.FirstOrDefault(p => value.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Up to three levels of 1 or 2 hex digits, separated by colons (<c>1:2</c>).</summary>
    private static bool TryParseLevels(string text, List<int> levels)
    {
        levels.Clear();
        if (text.Length == 0) return true;
        var parts = text.Split(':');
        if (parts.Length > 3) return false;
        foreach (var part in parts)
        {
            if (part is not ("1" or "2")) return false;
            levels.Add(part[0] - '0');
        }
        return true;
    }

    /// <summary>
    /// Where the entry of an md5 (32 hex digits) lives: each level takes digits from the end, as
    /// ngx_create_hashed_filename does (<c>levels=1:2</c>: <c>c/29/b7f54b2df7773722d382f4809d65029c</c>).
    /// </summary>
    public string FileFor(string hex)
    {
        var parts = new List<string> { Path };
        var end = hex.Length;
        foreach (var level in Levels.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
        {
            parts.Add(hex.Substring(end - level, level));
            end -= level;
        }
        parts.Add(hex);
        return System.IO.Path.Combine([.. parts]);
    }
}
