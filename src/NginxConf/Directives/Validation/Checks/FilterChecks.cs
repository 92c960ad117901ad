using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of the response filter modules' directives (gzip, sub_filter), worded as nginx's handlers word them.</summary>
public static class FilterChecks
{
    /// <summary><c>gzip_comp_level</c>: ngx_conf_set_num_slot, then ngx_conf_check_num_bounds (1..9).</summary>
    public static void GzipCompLevel(DirectiveUse use)
    {
        if (!NginxNumber.TryParse(use.Args[0].Value, out var level)) use.Error("\"gzip_comp_level\" directive invalid number");
        else if (level is < 1 or > 9) use.Error("value must be between 1 and 9");
    }

    /// <summary><c>gzip_disable</c> (ngx_http_gzip_disable): <c>msie6</c>, <c>degradation</c> or caseless regexes.</summary>
    public static void GzipDisable(DirectiveUse use)
    {
        foreach (var arg in use.Args)
        {
            if (arg.Value is "msie6" or "degradation") continue;
            if (NginxRegex.Compile(arg.Value, caseless: true).Error is { } error) use.Error(error, arg);
        }
    }

    /// <summary><c>gzip_window</c> (ngx_http_gzip_window): a power of two from 512 to 32k.</summary>
    public static void GzipWindow(DirectiveUse use) => PowerOfTwo(use, 32 * 1024, "must be 512, 1k, 2k, 4k, 8k, 16k, or 32k");

    /// <summary><c>gzip_hash</c> (ngx_http_gzip_hash): a power of two from 512 to 128k.</summary>
    public static void GzipHash(DirectiveUse use) => PowerOfTwo(use, 128 * 1024, "must be 512, 1k, 2k, 4k, 8k, 16k, 32k, 64k, or 128k");

    private static void PowerOfTwo(DirectiveUse use, long largest, string message)
    {
        if (!NginxSize.TryParse(use.Args[0].Value, out var size)) return; // the size slot reports it
        for (var allowed = largest; allowed >= 512; allowed >>= 1)
            if (allowed == size) return;
        use.Error($"\"{use.Name}\" directive {message}");
    }

    /// <summary>
    /// <c>gzip_types</c>, <c>sub_filter_types</c>, <c>charset_types</c> (ngx_http_types_slot): a type
    /// listed twice is only a warning.
    /// </summary>
    public static void MimeTypeList(DirectiveUse use)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in use.Args)
        {
            if (arg.Value == "*") continue;
            if (!seen.Add(arg.Value.ToLowerInvariant())) use.Warning($"duplicate MIME type \"{arg.Value}\"", arg);
        }
    }

    /// <summary><c>sub_filter</c> (ngx_http_sub_filter): the text to find is not empty.</summary>
    public static void SubFilter(DirectiveUse use)
    {
        if (use.Args[0].Value.Length == 0) use.Error("empty search pattern");
    }
}
