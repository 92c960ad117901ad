namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// A key prefix a source watches, with the check its values must pass before they are served
/// (a kv_map wants an address or upstream name, kv_servers a <c>server</c> line).
/// <see cref="Validate"/> returns why a value is refused, or null to accept it.
/// </summary>
public sealed record KvWatchedPrefix(string Prefix, Func<string, string?> Validate);
