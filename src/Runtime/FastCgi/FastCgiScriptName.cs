using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>
/// <c>fastcgi_split_path_info</c> and <c>fastcgi_index</c> of a location, behind <c>$fastcgi_script_name</c> and
/// <c>$fastcgi_path_info</c> (ngx_http_fastcgi_split): the regex's two captures split the URI into the script and
/// the path info (no match: the whole URI is the script); a script name ending in <c>/</c> gets the index
/// appended. The split is made once per request and location and kept, as nginx keeps it in the module's
/// context, so a later change of the URI (try_files) does not change it.
/// </summary>
public sealed class FastCgiScriptName(NginxRegex? split, string index)
{
    public static FastCgiScriptName Default { get; } = new(null, "");

    public string ScriptName(NginxRequest request)
    {
        var script = Split(request).Script;
        return script.EndsWith('/') ? script + index : script;
    }

    public string PathInfo(NginxRequest request) => Split(request).PathInfo;

    private SplitUri Split(NginxRequest request)
    {
        if (request.Features.Get<SplitUri>() is { } kept && ReferenceEquals(kept.By, this) && kept.Script.Length > 0) return kept;
        var uri = request.Uri;
        var result = new SplitUri(this, uri, "");
        if (split is not null && split.Match(uri, request) is { Success: true } match)
            result = new SplitUri(this, match.Groups[1].Value, match.Groups[2].Value);
        request.Features.Set(result);
        return result;
    }

    private sealed record SplitUri(FastCgiScriptName By, string Script, string PathInfo);
}
