using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks the CGI-speaking upstream modules share (fastcgi, scgi, uwsgi).</summary>
public static class CgiChecks
{
    /// <summary><c>fastcgi_param NAME VALUE [if_not_empty]</c> (ngx_http_upstream_param_set_slot).</summary>
    public static void Param(DirectiveUse use)
    {
        if (use.Args.Count == 3 && use.Args[2].Value != "if_not_empty")
            use.Error($"invalid parameter \"{use.Args[2].Value}\"", use.Args[2]);
    }

    /// <summary><c>fastcgi_split_path_info REGEX</c> (ngx_http_fastcgi_split_path_info): a regex with exactly two captures.</summary>
    public static void SplitPathInfo(DirectiveUse use)
    {
        var pattern = use.Args[0].Value;
        var compiled = NginxRegex.Compile(pattern, caseless: false);
        if (compiled.Error is { } error)
        {
            use.Error(error, use.Args[0]);
            return;
        }
        if (compiled.Value!.GetGroupNumbers().Length - 1 != 2)
            use.Error($"pattern \"{pattern}\" must have 2 captures", use.Args[0]);
    }
}
