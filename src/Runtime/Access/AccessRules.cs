using System.Net;
using System.Net.Sockets;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Access;

/// <summary>One <c>allow</c> or <c>deny</c> of a family's list; a null <see cref="Block"/> matches every client (<c>all</c>, <c>unix:</c>).</summary>
public readonly record struct AccessRule(bool Deny, NginxCidr? Block);

/// <summary>
/// The <c>allow</c>/<c>deny</c> rules of one level, split by address family as nginx keeps them
/// (ngx_http_access_loc_conf_t: rules, rules6, rules_un): <c>all</c> goes to the three lists,
/// an IPv4 block to the first, an IPv6 block to the second, <c>unix:</c> to the third. A family
/// with no list has no say (NGX_DECLINED) for its clients.
/// </summary>
public sealed class AccessRules
{
    public AccessRule[]? Inet { get; private init; }
    public AccessRule[]? Inet6 { get; private init; }
    public AccessRule[]? Unix { get; private init; }

    /// <summary>ngx_http_access_rule for each statement, in order; a value <c>check</c> refused is left out.</summary>
    public static AccessRules Compile(IEnumerable<ConfigDirective> statements)
    {
        List<AccessRule>? inet = null, inet6 = null, unix = null;
        foreach (var directive in statements)
        {
            if (directive.Args.Count != 1) continue;
            var deny = directive.Name == "deny";
            var text = directive.Args[0].Value;
            if (text == "all")
            {
                (inet ??= []).Add(new AccessRule(deny, null));
                (inet6 ??= []).Add(new AccessRule(deny, null));
                (unix ??= []).Add(new AccessRule(deny, null));
            }
            else if (text == "unix:")
            {
                (unix ??= []).Add(new AccessRule(deny, null));
            }
            else if (NginxCidr.Parse(text) is { Ok: true, Value: var block })
            {
                var list = block!.Family == AddressFamily.InterNetwork ? inet ??= [] : inet6 ??= [];
                list.Add(new AccessRule(deny, block));
            }
        }
        return new AccessRules { Inet = inet?.ToArray(), Inet6 = inet6?.ToArray(), Unix = unix?.ToArray() };
    }

    /// <summary>
    /// ngx_http_access_handler: the first rule of the client's family that matches decides;
    /// an IPv4-mapped IPv6 client is checked against the IPv4 rules when there are any. Null: no say.
    /// A client without an IP address came in over a unix socket.
    /// </summary>
    public bool? Denies(IPAddress? client)
    {
        if (client is null) return First(Unix, default);
        if (client.AddressFamily == AddressFamily.InterNetwork)
            return Inet is null ? null : First(Inet, client.GetAddressBytes());
        if (client.IsIPv4MappedToIPv6 && Inet is not null)
            return First(Inet, client.MapToIPv4().GetAddressBytes());
        return Inet6 is null ? null : First(Inet6, client.GetAddressBytes());
    }

    private static bool? First(AccessRule[]? rules, ReadOnlySpan<byte> address)
    {
        if (rules is null) return null;
        foreach (var rule in rules)
            if (rule.Block is null || rule.Block.Contains(address)) return rule.Deny;
        return null;
    }
}
