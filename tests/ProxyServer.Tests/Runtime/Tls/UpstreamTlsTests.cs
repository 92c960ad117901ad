using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// <c>proxy_pass https://</c> to real nginx backends, with nginx and us as the proxy: no
/// verification by default (a self-signed backend is accepted), <c>proxy_ssl_verify</c> refusing
/// an untrusted backend or a wrong name (502), trusting the CA with <c>proxy_ssl_name</c>, and
/// <c>proxy_ssl_certificate</c> presented to a backend that asks for a client certificate.
/// </summary>
public sealed class UpstreamTlsTests
{
    [Fact]
    public async Task ProxySsl_VerifyTrustNameAndClientCertificate_SameAsNginx()
    {
        using var certificates = new TlsCertificates();
        certificates.SelfSigned("stranger");
        certificates.Server("backend", ecdsa: false, "backend.test");
        certificates.Client("proxy", "CN=the proxy,O=Acme");
        var untrustedPort = FreePort.Next();
        var trustedPort = FreePort.Next();
        var c = certificates;
        using var backends = NginxInstance.StartHttp($$"""
                server {
                    listen 127.0.0.1:{{untrustedPort}} ssl;
                    ssl_certificate {{c.CertPath("stranger")}};
                    ssl_certificate_key {{c.KeyPath("stranger")}};
                    location / { return 200 "untrusted backend $uri\n"; }
                }
                server {
                    listen 127.0.0.1:{{trustedPort}} ssl;
                    ssl_certificate {{c.CertPath("backend")}};
                    ssl_certificate_key {{c.KeyPath("backend")}};
                    ssl_verify_client optional;
                    ssl_client_certificate {{c.CaPath}};
                    location / { return 200 "trusted backend $uri [$ssl_client_verify] [$ssl_client_s_dn]\n"; }
                }
            """, untrustedPort, trustedPort);
        using var pair = DifferentialPair.StartHttp($$$"""
                server {
                    listen 127.0.0.1:{{P0}};
                    location /any/ { proxy_pass https://127.0.0.1:{{{untrustedPort}}}/; }
                    location /untrusted/ {
                        proxy_pass https://127.0.0.1:{{{untrustedPort}}}/;
                        proxy_ssl_verify on;
                        proxy_ssl_trusted_certificate {{{c.CaPath}}};
                    }
                    location /trusted/ {
                        proxy_pass https://127.0.0.1:{{{trustedPort}}}/;
                        proxy_ssl_verify on;
                        proxy_ssl_trusted_certificate {{{c.CaPath}}};
                        proxy_ssl_name backend.test;
                    }
                    location /wrong-name/ {
                        proxy_pass https://127.0.0.1:{{{trustedPort}}}/;
                        proxy_ssl_verify on;
                        proxy_ssl_trusted_certificate {{{c.CaPath}}};
                    }
                    location /client-cert/ {
                        proxy_pass https://127.0.0.1:{{{trustedPort}}}/;
                        proxy_ssl_certificate {{{c.CertPath("proxy")}}};
                        proxy_ssl_certificate_key {{{c.KeyPath("proxy")}}};
                        # nginx would resume the session /trusted/ made (same implicit upstream), without a certificate.
                        proxy_ssl_session_reuse off;
                    }
                }
            """);

        Assert.Equal(200, (await pair.AssertSameAsync(RawHttp.Get("/any/x"))).Status);
        Assert.Equal(502, (await pair.AssertSameAsync(RawHttp.Get("/untrusted/x"))).Status);
        Assert.Equal(200, (await pair.AssertSameAsync(RawHttp.Get("/trusted/x"))).Status);
        Assert.Equal(502, (await pair.AssertSameAsync(RawHttp.Get("/wrong-name/x"))).Status);
        var withCertificate = await pair.AssertSameAsync(RawHttp.Get("/client-cert/x"));
        Assert.Contains("[SUCCESS] [CN=the proxy,O=Acme]", withCertificate.Body);
    }
}
