using System.Text;
using ProxyServer.Runtime.Waf.Config;
using ProxyServer.NginxConf.Naxsi;
using ProxyServer.Runtime.Waf.Rules;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// Checks one request against one location's policy, zone by zone in naxsi's order (headers, URL,
/// args, body), then turns the collected scores and actions into a verdict.
/// </summary>
public static class WafEngine
{
    /// <summary>naxsi reads the body of these methods only; a caller buffers it before <see cref="Inspect"/>.</summary>
    public static bool ChecksBodyOf(string method) => BodyReader.HasBody(method);

    /// <summary>
    /// Checks <paramref name="request"/>. <paramref name="switches"/> are naxsi's per-request
    /// overrides (<c>$naxsi_flag_enable</c>, <c>$naxsi_flag_learning</c>); unset ones keep the policy's.
    /// </summary>
    public static WafResult Inspect(WafPolicy policy, WafRequest request, WafSwitches switches = default)
    {
        if (!(switches.Enabled ?? policy.Enabled)) return WafResult.Clean;
        var learning = switches.Learning ?? policy.Learning;

        var problems = PercentDecoder.Problems.None;
        var url = request.NormalizedPath is { } normalized
            ? UrlNormalizer.FromNormalized(normalized, ref problems)
            : UrlNormalizer.Normalize(request.RawPath, ref problems);
        var libInjection = new LibInjectionSwitches(
            switches.LibInjectionSql ?? policy.LibInjectionSql,
            switches.LibInjectionXss ?? policy.LibInjectionXss);
        var inspection = new Inspection(policy, url, learning, libInjection);

        if (policy.Rules.Count == 0) inspection.FireInternal(InternalRules.NoRules, RequestZone.Url);
        // naxsi names no variable for rule 21 (var_name0= is empty).
        if (HostCheck.IsIllegal(request.Header("Host"))) inspection.FireInternal(InternalRules.IllegalHost, RequestZone.Headers);

        foreach (var (name, value) in request.Headers)
            inspection.CheckPair(RequestZone.Headers, name.ToLowerInvariant(), value);

        if (!inspection.Stopped) inspection.Report(problems, RequestZone.Url, "");
        inspection.CheckPair(RequestZone.Url, "", url);

        if (request.RawQuery.Length > 0 && !inspection.Stopped)
            ArgumentReader.Read(inspection, Encoding.Latin1.GetBytes(request.RawQuery), RequestZone.Args);

        if (BodyReader.HasBody(request.Method) && !inspection.Stopped)
            BodyReader.Read(inspection, request.Header("Content-Type"), request.Body.Span, request.BodyPresent ?? !request.Body.IsEmpty);

        return inspection.Finish(policy.IsIgnored(request.ClientAddress));
    }
}
