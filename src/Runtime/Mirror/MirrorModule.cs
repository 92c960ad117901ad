using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Mirror;

/// <summary>
/// <c>ngx_http_mirror_module</c>: <c>mirror URI</c> (the nearest level's list, as ngx_conf_merge_ptr_value;
/// <c>off</c> empties it) and <c>mirror_request_body</c> add a <see cref="MirrorHandler"/> to the location,
/// after try_files (nginx's precontent phase runs try_files first).
/// </summary>
public sealed class MirrorModule : IHttpModule
{
    public string Name => "ngx_http_mirror_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var directives = location.Scope.NearestAll(MirrorDirectives.Mirror);
        if (directives.Count == 0 || directives[0].Args is not [{ } first] || first.Value == "off") return;
        var uris = directives.Where(d => d.Args.Count == 1).Select(d => d.Args[0].Value).ToArray();
        location.AccessHandlers.Add(new MirrorHandler(uris, location.Scope.Get(MirrorDirectives.RequestBody, context)));
    }
}

/// <summary>
/// ngx_http_mirror_handler: for the client's request (never a subrequest), reads the whole body first
/// when <c>mirror_request_body</c> is on, then starts one background subrequest per URI, with the
/// request's method, arguments, headers and body; their answers are dropped and nothing of them reaches
/// the client. The request goes on at once; it ends (its connection is free for the next request, its
/// log line written) only when the mirrors have finished, as nginx's does.
/// </summary>
public sealed class MirrorHandler(IReadOnlyList<string> uris, bool requestBody) : IAccessHandler
{
    public IReadOnlyList<string> Uris => uris;

    public async ValueTask<int> CheckAsync(NginxRequest request)
    {
        if (request.IsSubrequest) return Outcome.Continue;
        if (requestBody && await RequestBody.ReadAsync(request) is > 0 and var failed) return failed;
        var options = new SubrequestOptions(request.Method, WithBody: true);
        foreach (var uri in uris)
            if (!await Subrequests.StartInBackgroundAsync(request, uri, request.ArgsPresent ? request.Args : null, options)) return 500;
        return Outcome.Continue;
    }
}
