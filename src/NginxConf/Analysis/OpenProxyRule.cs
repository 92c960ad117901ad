using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Analysis;

/// <summary>
/// <c>proxy_pass http://$host...</c> or a host taken from <c>$http_*</c>: the client chooses where the
/// proxy connects (an open proxy / SSRF), unless the server only answers a fixed set of names.
/// <c>$host</c> is only safe when every <c>server_name</c> of the server is literal or a wildcard domain.
/// </summary>
public sealed partial class OpenProxyRule : IAnalysisRule
{
    [GeneratedRegex(@"^https?://(?<host>[^/]*)", RegexOptions.IgnoreCase)]
    private static partial Regex HostPart();

    [GeneratedRegex(@"\$(\{)?(host|http_[a-z0-9_]+|arg_[a-z0-9_]+|cookie_[a-z0-9_]+|request_uri|uri)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClientControlled();

    public IEnumerable<Diagnostic> Check(IReadOnlyList<ConfigDirective> block, DirectiveContext context)
    {
        foreach (var directive in block.Where(d => d.Name == "proxy_pass" && d.Args.Count == 1))
        {
            var match = HostPart().Match(directive.Args[0].Value);
            var host = match.Success ? match.Groups["host"].Value : directive.Args[0].Value;
            var variable = ClientControlled().Match(host);
            if (!variable.Success) continue;
            yield return Diagnostic.Warning(
                $"proxy_pass host is built from the request (\"{variable.Value}\"): clients may make the proxy connect anywhere (open proxy, SSRF)",
                directive.Args[0].Position) with
            {
                Note = "restrict it: a map of allowed hosts, a fixed upstream, or server_name patterns that pin the host, plus a resolver that only knows internal names",
            };
        }
    }
}
