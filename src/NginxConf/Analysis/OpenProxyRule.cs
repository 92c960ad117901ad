using System.Text.RegularExpressions;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Analysis;

/// <summary>
/// <c>proxy_pass http://$host...</c> or a host taken from <c>$http_*</c>: the client chooses where the
/// proxy connects (an open proxy / SSRF), unless the server only answers a fixed set of names.
/// <c>$host</c> is pinned when the server is nobody's default server (so only Hosts matching its names
/// reach it) and every name is an exact or wildcard domain; a regex name or a default server lets any Host in.
/// </summary>
public sealed partial class OpenProxyRule : IAnalysisRule
{
    [GeneratedRegex(@"^https?://(?<host>[^/]*)", RegexOptions.IgnoreCase)]
    private static partial Regex HostPart();

    [GeneratedRegex(@"\$(\{)?(host|http_[a-z0-9_]+|arg_[a-z0-9_]+|cookie_[a-z0-9_]+|request_uri|uri)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClientControlled();

    public IEnumerable<Diagnostic> Check(IReadOnlyList<ConfigDirective> block, AnalysisScope scope)
    {
        foreach (var directive in block.Where(d => d.Name == "proxy_pass" && d.Args.Count == 1))
        {
            var match = HostPart().Match(directive.Args[0].Value);
            var host = match.Success ? match.Groups["host"].Value : directive.Args[0].Value;
            var variable = ClientControlled().Match(host);
            if (!variable.Success) continue;
            if (variable.Groups[2].Value.Equals("host", StringComparison.OrdinalIgnoreCase) && HostIsPinned(scope)) continue;
            yield return Diagnostic.Warning(
                $"proxy_pass host is built from the request (\"{variable.Value}\"): clients may make the proxy connect anywhere (open proxy, SSRF)",
                directive.Args[0].Position) with
            {
                Note = "restrict it: a map of allowed hosts, a fixed upstream, or exact/wildcard server_names on a server that is not the default one",
            };
        }
    }

    private static bool HostIsPinned(AnalysisScope scope)
    {
        if (scope.Server is not { Block: { } body } server || scope.DefaultServers.Contains(server)) return false;
        var names = ConfigTree.Expand(body).Where(d => d.Name == "server_name").SelectMany(d => d.Args).Select(a => a.Value).ToList();
        return names.Count > 0 && names.All(n => n.Length > 0 && n != "_" && !n.StartsWith('~'));
    }
}
