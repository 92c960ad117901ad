using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.NginxConf.Tls;
using ProxyServer.Runtime.Compile;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// Reads a server's <c>ssl_*</c> directives (nginx's merge: the server's own, else http's) into
/// <see cref="ServerTls"/>, loading the files now so a bad file fails the (re)load with the words
/// <c>nginx -t</c> uses, never a handshake later.
/// </summary>
public static class ServerTlsCompiler
{
    private static readonly ConcurrentDictionary<string, CipherSuitesPolicy?> Policies = new(StringComparer.Ordinal);

    /// <summary>
    /// Null when the server has no certificate: its handshakes use its address's default server's (ngx_http_ssl_servername
    /// switches only to a server with a context of its own); a default server of an ssl address without one is
    /// refused by <see cref="TlsModule.CompleteAddresses"/>.
    /// </summary>
    public static ServerTls? Compile(DirectiveScope server, CompileContext context)
    {
        var certificates = server.NearestAll(SslDirectives.Certificate);
        var keys = server.NearestAll(SslDirectives.CertificateKey);
        if (certificates.Count == 0) return null;

        var passwords = Passwords(server, SslDirectives.PasswordFile, context);
        var loaded = new List<CertificateWithKey>();
        for (var i = 0; i < certificates.Count; i++)
        {
            var certificatePath = ConfPath(certificates[i].Args[0].Value, server, context);
            if (i >= keys.Count)
            {
                context.Error($"no \"ssl_certificate_key\" is defined for certificate \"{certificatePath}\"", certificates[i].Position);
                return null;
            }
            var (pair, error) = CertificateFiles.Load(certificatePath, ConfPath(keys[i].Args[0].Value, server, context), passwords);
            if (pair is null)
            {
                context.Error(error!, error!.StartsWith("cannot load certificate \"", StringComparison.Ordinal) ? certificates[i].Position : keys[i].Position);
                return null;
            }
            loaded.Add(pair);
        }

        var verify = Verification(server, context);
        var authorities = new X509Certificate2Collection();
        // ngx_ssl_client_certificate: only ssl_client_certificate's CAs are named in the CertificateRequest, each once
        // (SSL_load_client_CA_file drops duplicates); ssl_trusted_certificate's verify without being sent.
        var sent = new X509Certificate2Collection();
        foreach (var name in new[] { SslDirectives.ClientCertificate, SslDirectives.TrustedCertificate })
        {
            if (server.Nearest(name) is not { Args.Count: 1 } directive) continue;
            var (cas, error) = CertificateFiles.LoadAuthorities(ConfPath(directive.Args[0].Value, server, context));
            if (cas is null) context.Error(error!, directive.Position);
            else authorities.AddRange(cas);
            if (cas is not null && name == SslDirectives.ClientCertificate)
                foreach (var ca in cas)
                    if (!sent.Cast<X509Certificate2>().Any(c => c.Thumbprint == ca.Thumbprint)) sent.Add(ca);
        }
        if (verify is ClientVerification.On or ClientVerification.Optional && server.Nearest(SslDirectives.ClientCertificate) is null)
            context.Error("no ssl_client_certificate for ssl_verify_client", server.Nearest(SslDirectives.VerifyClient)!.Position);

        return new ServerTls
        {
            Served = loaded.Select(pair => ServedCertificate.From(pair, verify != ClientVerification.Off && sent.Count > 0 ? sent : null)).ToList(),
            PreferServerCiphers = server.Get(SslDirectives.PreferServerCiphers, context),
            Protocols = Protocols(server, SslDirectives.Protocols, context),
            Ciphers = Ciphers(server, SslDirectives.Ciphers, context),
            Verify = verify,
            Authorities = authorities,
            VerifyDepth = Depth(server, SslDirectives.VerifyDepth, context),
            Http2 = server.Get(Http2Directives.Http2, context),
        };
    }

    /// <summary><c>ssl_protocols</c> (nginx 1.22's default: TLSv1 TLSv1.1 TLSv1.2) as the protocols .NET serves here.</summary>
    public static SslProtocols Protocols(DirectiveScope scope, DirectiveKey name, CompileContext context)
    {
        var directive = scope.Nearest(name);
        var names = directive?.Args.Select(a => a.Value).ToList() ?? [.. TlsProtocolNames.NginxDefault];
        var protocols = SslProtocols.None;
        if (names.Contains(TlsProtocolNames.Tls12)) protocols |= SslProtocols.Tls12;
        if (names.Contains(TlsProtocolNames.Tls13)) protocols |= SslProtocols.Tls13;
        if (protocols == SslProtocols.None && directive is not null)
            context.Error($"\"{name}\" lists no protocol proxyserver can serve ({string.Join(" ", names)})", directive.Position);
        return protocols;
    }

    /// <summary><c>ssl_ciphers</c> (default <c>HIGH:!aNULL:!MD5</c>) expanded by libssl; null where it cannot be asked.</summary>
    public static CipherSuitesPolicy? Ciphers(DirectiveScope scope, DirectiveKey name, CompileContext context)
    {
        var directive = scope.Nearest(name);
        var text = directive?.Args[0].Value ?? CipherList.NginxDefault;
        var (list, error) = CipherList.Parse(text);
        if (error is not null)
        {
            context.Error(error, directive?.Position ?? default);
            return null;
        }
        if (list is null) return null;
        return Policies.GetOrAdd(text, _ => OperatingSystem.IsLinux() ? new CipherSuitesPolicy(list.Codes.Select(c => (TlsCipherSuite)c)) : null);
    }

    public static int Depth(DirectiveScope scope, DirectiveKey name, CompileContext context)
    {
        if (scope.Nearest(name) is not { Args.Count: 1 } directive) return 1;
        if (int.TryParse(directive.Args[0].Value, out var depth) && depth >= 0) return depth;
        context.Error($"invalid value \"{directive.Args[0].Value}\" in \"{name}\" directive", directive.Position);
        return 1;
    }

    /// <summary>
    /// A file named in the config, resolved as nginx resolves certificate paths: against the
    /// directory of the main config file (nginx's conf prefix), not <c>-p</c>.
    /// </summary>
    /// <summary>
    /// The pass phrases of <c>ssl_password_file</c>/<c>proxy_ssl_password_file</c> in force (ngx_ssl_read_password_file),
    /// or null when none is set; read here only, once per load.
    /// </summary>
    internal static IReadOnlyList<string>? Passwords(DirectiveScope scope, DirectiveKey key, CompileContext context)
    {
        if (scope.Nearest(key) is not { Args.Count: 1 } directive) return null;
        var (passwords, error) = PasswordFile.Read(ConfPath(directive.Args[0].Value, scope, context));
        if (error is not null) context.Error(error, directive.Position);
        return passwords;
    }

    public static string ConfPath(string value, DirectiveScope scope, CompileContext context)
    {
        if (Path.IsPathRooted(value)) return value;
        var http = scope.Enclosing(ScopeKind.Http)?.Owner;
        return http is null ? context.ResolvePath(value) : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(http.Position.File)) ?? ".", value);
    }

    public static ClientVerification Verification(DirectiveScope server, CompileContext context) =>
        server.Nearest(SslDirectives.VerifyClient)?.Args[0].Value switch
        {
            "on" => ClientVerification.On,
            "optional" => ClientVerification.Optional,
            "optional_no_ca" => ClientVerification.OptionalNoCa,
            null or "off" => ClientVerification.Off,
            var other => Invalid(other, server, context),
        };

    private static ClientVerification Invalid(string value, DirectiveScope server, CompileContext context)
    {
        context.Error($"invalid value \"{value}\" in \"ssl_verify_client\" directive, it must be \"on\", \"off\", \"optional\" or \"optional_no_ca\"", server.Nearest(SslDirectives.VerifyClient)!.Position);
        return ClientVerification.Off;
    }
}
