using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.Runtime.Waf.Config;
using ProxyServer.Runtime.Waf.Engine;
using ProxyServer.Runtime.Waf.Logging;

namespace ProxyServer.Runtime.Waf;

/// <summary>
/// naxsi's check for one location (ngx_http_naxsi_access_handler, which naxsi registers in the
/// location rewrite phase): it runs before the location's <c>set</c>, <c>rewrite</c> and
/// <c>return</c>, so whatever answers the request (return, static file, proxy, error_page) it has
/// been inspected, and a <c>set $naxsi_flag_*</c> in the location does not change this request's
/// check. Internal requests are not checked (ngx_http_naxsi_access_handler declines them): a
/// rewritten URI is internal (ngx_http_script_regex_end_code), so after <c>rewrite ... last</c> the
/// next location does not check the request, nor does an error_page target, a named location or
/// the DeniedUrl location. The body is read in full first (up to
/// client_max_body_size) into a rewindable buffer, so it still reaches the upstream intact. A
/// denied request is redirected internally to DeniedUrl with <c>x-orig_url</c>, <c>x-orig_args</c>
/// and <c>x-naxsi_sig</c> added, so the status comes from that location; the NAXSI_FMT line goes
/// to the error log whenever a rule asked to block, drop or log, or to the <c>NaxsiLogFile</c>
/// log when there is one: as naxsi's own log has no request attached, that line has neither the
/// <c>*connection</c> number nor the <c>, client: ...</c> context. With <c>$naxsi_extensive_log</c>
/// on, a NAXSI_EXLOG line per match (with the content it saw) goes to the same log first; with
/// <c>$naxsi_json_log</c> on, both are JSON objects instead.
/// </summary>
internal sealed class WafAccessHandler(WafPolicy policy, WafSwitchVariables switchVariables, WafCounters counters, VariableGetter? requestId, ErrorLog? naxsiLog = null) : IAccessHandler
{
    public async ValueTask<int> CheckAsync(NginxRequest request)
    {
        // The DeniedUrl location, any other internal redirect and a rewritten URI are not checked again.
        if (request.IsInternal) return Outcome.Continue;
        var switches = switchVariables.Read(request);
        if (!(switches.Enabled ?? policy.Enabled)) return Outcome.Continue;

        var body = ReadOnlyMemory<byte>.Empty;
        if (WafEngine.ChecksBodyOf(request.Method))
        {
            if (await RequestBody.ReadAsync(request) is > 0 and var failed) return failed;
            body = await RequestBody.BytesAsync(request);
        }

        var http = request.Http;
        var headers = new List<KeyValuePair<string, string>>(http.Request.Headers.Count);
        foreach (var (name, values) in http.Request.Headers)
            foreach (var value in values)
                headers.Add(KeyValuePair.Create(name, value ?? ""));
        var question = request.RequestUri.IndexOf('?');
        var result = WafEngine.Inspect(policy, new WafRequest
        {
            Method = request.Method,
            RawPath = question < 0 ? request.RequestUri : request.RequestUri[..question],
            NormalizedPath = request.Uri,
            RawQuery = request.Args,
            Headers = headers,
            Body = body,
            BodyPresent = http.Request.ContentLength is not null || http.Request.Headers.TransferEncoding.Count > 0,
            ClientAddress = request.Client.Ip,
        }, switches);
        var json = switches.JsonLog == true;
        var rid = requestId?.Invoke(request) ?? "";
        request.Features.Set(new WafCheck(result, rid));
        counters.Count(result);
        if (switches.ExtensiveLog == true)
        {
            // naxsi writes these as the rules fire, so they come before the NAXSI_FMT line.
            foreach (var match in result.Matches)
                Log(request, json
                    ? NaxsiJsonLogLine.FormatExtensive(match, request.Client.Text, request.Host, request.Uri, rid)
                    : NaxsiLogLine.FormatExtensive(match, request.Client.Text, request.Host, request.Uri, rid));
        }
        if (!result.ShouldLog && !result.Denied) return Outcome.Continue;

        var signature = NaxsiLogLine.Format(result, request.Client.Text, request.Host, request.Uri, rid);
        Log(request, json ? NaxsiJsonLogLine.Format(result, request.Client.Text, request.Host, request.Uri, rid) : signature);
        if (!result.Denied) return Outcome.Continue;

        http.Request.Headers["x-orig_url"] = request.Uri;
        http.Request.Headers["x-orig_args"] = request.Args;
        http.Request.Headers["x-naxsi_sig"] = signature[NaxsiLogLine.Prefix.Length..];
        request.RedirectTo(policy.DeniedUrl!);
        return Outcome.Redirected;
    }

    private void Log(NginxRequest request, string line)
    {
        if (naxsiLog is null) request.LogError(line);
        else naxsiLog.Write(LogLevel.Error, line);
    }
}

/// <summary>The getters of naxsi's switch variables, when the config defines them.</summary>
internal sealed record WafSwitchVariables(
    VariableGetter? Enable, VariableGetter? Learning, VariableGetter? LibInjectionSql = null, VariableGetter? LibInjectionXss = null,
    VariableGetter? ExtensiveLog = null, VariableGetter? JsonLog = null)
{
    public WafSwitches Read(NginxRequest request) => new(
        WafSwitches.Parse(Enable?.Invoke(request)),
        WafSwitches.Parse(Learning?.Invoke(request)),
        WafSwitches.Parse(LibInjectionSql?.Invoke(request)),
        WafSwitches.Parse(LibInjectionXss?.Invoke(request)),
        WafSwitches.Parse(ExtensiveLog?.Invoke(request)),
        WafSwitches.Parse(JsonLog?.Invoke(request)));
}

/// <summary>What naxsi's variables read of a checked request (naxsi's request context).</summary>
internal sealed record WafCheck(WafResult Result, string RequestId);

/// <summary>
/// <c>$naxsi_total_processed</c> and <c>$naxsi_total_blocked</c>: requests checked in one location,
/// and those of them a BLOCK or DROP was asked for (LearningMode too), since this configuration was loaded.
/// </summary>
internal sealed class WafCounters
{
    private long _processed;
    private long _blocked;

    public long Processed => Interlocked.Read(ref _processed);
    public long Blocked => Interlocked.Read(ref _blocked);

    public void Count(WafResult result)
    {
        Interlocked.Increment(ref _processed);
        if ((result.Actions & (NginxConf.Naxsi.WafAction.Block | NginxConf.Naxsi.WafAction.Drop)) != 0) Interlocked.Increment(ref _blocked);
    }
}
