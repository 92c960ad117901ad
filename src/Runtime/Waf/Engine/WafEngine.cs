using System.Text;
using ProxyServer.Runtime.Waf.Config;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// Checks one request against one location's policy, zone by zone in naxsi's order (headers, URL,
/// args, body), then turns the collected scores and actions into a verdict.
/// </summary>
public static class WafEngine
{
    public static WafResult Inspect(WafPolicy policy, WafRequest request)
    {
        if (!policy.Enabled) return WafResult.Clean;

        var problems = PercentDecoder.Problems.None;
        var url = UrlNormalizer.Normalize(request.RawPath, ref problems);
        var inspection = new Inspection(policy, url);

        if (policy.Rules.Count == 0) inspection.FireInternal(InternalRules.NoRules, RequestZone.Url);
        if (HostCheck.IsIllegal(request.Header("Host"))) inspection.FireInternal(InternalRules.IllegalHost, RequestZone.Headers, "host");

        foreach (var (name, value) in request.Headers)
            inspection.CheckPair(RequestZone.Headers, name.ToLowerInvariant(), value);

        inspection.Report(problems, RequestZone.Url, "");
        inspection.CheckPair(RequestZone.Url, "", url);

        if (request.RawQuery.Length > 0)
            ArgumentReader.Read(inspection, Encoding.UTF8.GetBytes(request.RawQuery), RequestZone.Args, InternalRules.BadUrlFormat);

        if (BodyReader.HasBody(request.Method))
            BodyReader.Read(inspection, request.Header("Content-Type"), request.Body.Span);

        return inspection.Finish(policy.IsIgnored(request.ClientAddress));
    }
}
