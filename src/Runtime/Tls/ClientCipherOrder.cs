using System.Collections.Concurrent;
using System.Net.Security;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// nginx's default <c>ssl_prefer_server_ciphers off</c> lets the client's order pick the suite;
/// OpenSSL under .NET always prefers the server's. So each connection gets the server's allowed
/// suites in the order of its ClientHello, and the server-preferring OpenSSL picks what nginx would.
/// Policies are shared per distinct order (clients of one kind send the same list).
/// </summary>
public static class ClientCipherOrder
{
    /// <summary>Distinct orders remembered; beyond, connections keep the server's order.</summary>
    private const int MaxPolicies = 512;

    private static readonly ConcurrentDictionary<string, CipherSuitesPolicy> Policies = new(StringComparer.Ordinal);

    public static CipherSuitesPolicy? For(ServerTls settings, ClientHello? hello)
    {
        if (settings.PreferServerCiphers || hello is null || settings.Ciphers is not { } server || !OperatingSystem.IsLinux()) return settings.Ciphers;
        var allowed = server.AllowedCipherSuites?.ToHashSet();
        if (allowed is null) return server;
        var offered = hello.CipherSuites.Select(s => (TlsCipherSuite)s).Where(allowed.Contains).Distinct().ToList();
        if (offered.Count == 0) return server;
        // The rest after them: the client did not offer them, but a policy without any TLS 1.3 (or 1.2) suite fails every handshake.
        var ordered = offered.Concat(server.AllowedCipherSuites!.Where(s => !offered.Contains(s))).ToList();
        var key = string.Join(',', ordered.Select(s => (int)s));
        if (Policies.TryGetValue(key, out var known)) return known;
        if (Policies.Count >= MaxPolicies) return server;
        return Policies.GetOrAdd(key, _ => new CipherSuitesPolicy(ordered));
    }
}
