using ProxyServer.NginxConf.Syntax;
using ProxyServer.NginxConf.Tls;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// Checks of <c>ngx_http_ssl_module</c> and the proxy's <c>proxy_ssl_*</c> files: what nginx finds
/// when it loads certificates, keys, CA lists and cipher strings at start-up (<c>nginx -t</c> fails
/// on them with OpenSSL's words naming the file), and what .NET cannot serve.
/// </summary>
public static class SslChecks
{
    /// <summary><c>ssl_certificate</c>, <c>proxy_ssl_certificate</c>: a PEM file with at least one certificate.</summary>
    public static void Certificate(DirectiveUse use)
    {
        if (PathOf(use) is not { } path) return;
        if (CertificateFiles.LoadCertificates(path).Error is { } error) use.Error(error, use.Args[0]);
    }

    /// <summary>
    /// <c>ssl_certificate_key</c>, <c>proxy_ssl_certificate_key</c>: readable, and matching the
    /// certificate of the same rank at the same level (nginx pairs them by order).
    /// </summary>
    public static void CertificateKey(DirectiveUse use)
    {
        if (PathOf(use) is not { } keyPath) return;
        var certificateName = use.Name.Replace("_key", "", StringComparison.Ordinal);
        var siblings = use.Scope.Owner?.Block is { } block ? ConfigTree.Expand(block).ToList() : [];
        var rank = siblings.Where(d => d.Name == use.Name).ToList().IndexOf(use.Directive);
        var certificate = rank < 0 ? null : siblings.Where(d => d.Name == certificateName).ElementAtOrDefault(rank);
        if (certificate is { Args.Count: 1 } && !certificate.Args[0].Value.Contains('$'))
        {
            var certificatePath = Resolve(use, certificate.Args[0].Value);
            if (CertificateFiles.LoadCertificates(certificatePath).Error is not null) return; // reported on the certificate
            if (CertificateFiles.IsEncryptedKey(keyPath)) return; // the compile tries its pass phrases (read once: a FIFO)
            if (CertificateFiles.Load(certificatePath, keyPath).Error is { } pairError) use.Error(pairError, use.Args[0]);
            return;
        }
        // No certificate beside it to pair with: still check the key file is readable.
        if (CertificateFiles.KeyError(keyPath) is { } error) use.Error(error, use.Args[0]);
    }

    /// <summary><c>ssl_client_certificate</c>, <c>ssl_trusted_certificate</c>, <c>proxy_ssl_trusted_certificate</c>: a CA bundle.</summary>
    public static void Authorities(DirectiveUse use)
    {
        if (PathOf(use) is not { } path) return;
        if (CertificateFiles.LoadAuthorities(path).Error is { } error) use.Error(error, use.Args[0]);
    }

    /// <summary><c>ssl_ciphers</c>, <c>proxy_ssl_ciphers</c>: OpenSSL must find at least one suite.</summary>
    public static void Ciphers(DirectiveUse use)
    {
        if (!CipherList.CanExpand)
        {
            use.Warning($"\"{use.Name}\" is not applied: libssl cannot be asked to expand it on this system, the system's default suites are used", use.Args[0]);
            return;
        }
        if (CipherList.Parse(use.Args[0].Value).Error is { } error) use.Error(error, use.Args[0]);
    }

    /// <summary><c>ssl_protocols</c>, <c>proxy_ssl_protocols</c>: names .NET cannot negotiate here are reported.</summary>
    public static void Protocols(DirectiveUse use)
    {
        var unserved = use.Args.Where(a => !TlsProtocolNames.IsServed(a.Value)).ToList();
        if (unserved.Count == 0) return;
        var names = string.Join(" ", unserved.Select(a => a.Value));
        if (unserved.Count == use.Args.Count)
            use.Error($"\"{use.Name}\" lists no protocol proxyserver can serve ({names})", use.Args[0]);
        else
            use.Warning($"\"{use.Name}\" {names} not served", unserved[0], TlsProtocolNames.UnservedNote);
    }

    /// <summary><c>ssl_verify_client on|optional</c> needs CA certificates to verify against (optional_no_ca does not).</summary>
    public static void VerifyClient(DirectiveUse use)
    {
        // At http level the servers inheriting it may name their own CA list.
        if (use.Args[0].Value is "off" or "optional_no_ca" || use.Scope.Context != DirectiveContext.Server) return;
        var hasCertificate = false;
        for (var scope = use.Scope; scope is not null && scope.Context != DirectiveContext.Main; scope = scope.Parent)
        {
            var statements = scope.Owner?.Block is { } block ? ConfigTree.Expand(block) : null;
            if (statements is null) return; // the file's top level: what encloses it is unknown
            if (statements.Any(d => d.Name is "ssl_client_certificate" or "ssl_trusted_certificate")) return;
            hasCertificate |= statements.Any(d => d.Name == "ssl_certificate" || (d.Name == "ssl_reject_handshake" && d.Args is [{ Value: "on" }]));
        }
        // ngx_http_ssl_merge_srv_conf: a server with neither certificates nor ssl_reject_handshake has no TLS of its
        // own and returns before it looks at ssl_verify_client.
        if (hasCertificate) use.Error("no ssl_client_certificate for ssl_verify_client");
    }

    /// <summary>
    /// The file a directive names, resolved like nginx (relative to the directory of the main config);
    /// null when nginx would not load it here: with variables, at http level (nginx loads files only
    /// for the servers that inherit them), or a <c>proxy_ssl_*</c> file where no <c>proxy_pass https://</c> uses it.
    /// </summary>
    private static string? PathOf(DirectiveUse use)
    {
        if (use.Name.StartsWith("proxy_", StringComparison.Ordinal) ? !ProxiesHttps(use) : use.Scope.Context != DirectiveContext.Server) return null;
        var value = use.Args[0].Value;
        if (value.Contains('$') || value.StartsWith("data:", StringComparison.Ordinal) || value.StartsWith("engine:", StringComparison.Ordinal)) return null;
        return Resolve(use, value);
    }

    private static bool ProxiesHttps(DirectiveUse use) =>
        use.Scope.Owner?.Block is { } block && ConfigTree.Expand(block).Any(d =>
            d.Name == "proxy_pass" && d.Args.Count == 1 && d.Args[0].Value.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    private static string Resolve(DirectiveUse use, string value)
    {
        if (Path.IsPathRooted(value)) return value;
        var http = use.Scope.Nearest(DirectiveContext.Http)?.Owner ?? use.Scope.Nearest(DirectiveContext.Main)?.Owner;
        var file = http?.Position.File ?? use.Directive.Position.File;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", value);
    }
}
