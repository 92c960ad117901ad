using System.Net;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Config;

namespace ProxyServer.Runtime.Dynamic.KvServers;

/// <summary>
/// Reads a kv_servers value, <c>ADDR[:PORT] [weight=N] [max_fails=N] [fail_timeout=TIME] [backup] [down] ...</c>,
/// exactly as an upstream <c>server</c> line (same parameters, defaults and error wording), except that
/// the address must be an IP literal or <c>unix:</c> path: resolving a name would block the watch
/// (use <c>server NAME resolve</c> for names).
/// </summary>
public static class KvServerLine
{
    public static (UpstreamServer? Server, string? Error) Parse(string value)
    {
        var words = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return (null, "value is empty");
        var (server, error) = ServerParameterParser.Apply(new UpstreamServer(words[0], []), words.Skip(1), ServerParameterSupport.All);
        if (error is not null) return (null, error);
        var (addresses, addressError) = UpstreamAddressParser.Parse(words[0], static _ => []);
        return addressError is null ? (server with { Addresses = addresses }, null) : (null, addressError);
    }

    /// <summary>Why <paramref name="value"/> is not a server line, or null when it is.</summary>
    public static string? Validate(string value) => Parse(value).Error;
}
