using ProxyServer.Runtime.Dynamic.Dns;

namespace ProxyServer.Runtime.Dynamic.Serving;

/// <summary>
/// What a location resolves names with at request time: its <c>resolver</c> (inherited from server or
/// http as nginx inherits it; null when none is configured) and its <c>resolver_deny</c> ranges.
/// Kept in the location's features.
/// </summary>
public sealed record ResolverInForce(DnsNameResolver? Resolver, ResolverDenyList Deny);
