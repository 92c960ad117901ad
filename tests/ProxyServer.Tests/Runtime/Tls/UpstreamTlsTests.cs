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

    /// <summary>
    /// SNI to an https upstream, seen by an nginx backend (<c>$ssl_server_name</c>): none by default
    /// (<c>proxy_ssl_server_name off</c>), whatever the Host header; with it on, <c>proxy_ssl_name</c>
    /// (default the proxy_pass host, port stripped, variables evaluated), never an IP address.
    /// </summary>
    [Fact]
    public async Task ProxySslServerName_OffByDefault_OnSendsProxySslName_SameAsNginx()
    {
        using var certificates = new TlsCertificates();
        certificates.Server("backend", ecdsa: false, "backend.test");
        var backendPort = FreePort.Next();
        using var backend = NginxInstance.StartHttp($$"""
                server {
                    listen 127.0.0.1:{{backendPort}} ssl;
                    ssl_certificate {{certificates.CertPath("backend")}};
                    ssl_certificate_key {{certificates.KeyPath("backend")}};
                    location / { return 200 "sni=[$ssl_server_name] host=[$host] $uri\n"; }
                }
            """, backendPort);
        using var pair = DifferentialPair.StartHttp($$$"""
                upstream backend.test { server 127.0.0.1:{{{backendPort}}}; }
                server {
                    listen 127.0.0.1:{{P0}};
                    # nginx would resume the first location's session (same peer), whose server name the backend then reports.
                    proxy_ssl_session_reuse off;
                    location /off/ { proxy_pass https://backend.test/; }
                    location /off-host/ { proxy_set_header Host other.test; proxy_pass https://backend.test/; }
                    location /off-ip/ { proxy_pass https://127.0.0.1:{{{backendPort}}}/; }
                    location /on/ { proxy_ssl_server_name on; proxy_pass https://backend.test/; }
                    location /on-host/ { proxy_ssl_server_name on; proxy_set_header Host other.test; proxy_pass https://backend.test/; }
                    location /on-ip/ { proxy_ssl_server_name on; proxy_pass https://127.0.0.1:{{{backendPort}}}/; }
                    location /on-name/ { proxy_ssl_server_name on; proxy_ssl_name sni.example:8443; proxy_pass https://backend.test/; }
                    location /on-var/ { proxy_ssl_server_name on; proxy_ssl_name $http_x_sni; proxy_pass https://backend.test/; }
                    location /off-name/ { proxy_ssl_name sni.example; proxy_pass https://backend.test/; }
                }
            """);

        async Task<string> Seen(string path, string headers = "") => (await pair.AssertSameAsync(RawHttp.Get(path, "client.test", headers))).Body;
        Assert.Equal("sni=[] host=[backend.test] /x\n", await Seen("/off/x"));
        Assert.Equal("sni=[] host=[other.test] /x\n", await Seen("/off-host/x"));
        Assert.Equal("sni=[] host=[127.0.0.1] /x\n", await Seen("/off-ip/x"));
        Assert.Equal("sni=[backend.test] host=[backend.test] /x\n", await Seen("/on/x"));
        Assert.Equal("sni=[backend.test] host=[other.test] /x\n", await Seen("/on-host/x"));
        Assert.Equal("sni=[] host=[127.0.0.1] /x\n", await Seen("/on-ip/x"));
        Assert.Equal("sni=[sni.example] host=[backend.test] /x\n", await Seen("/on-name/x"));
        Assert.Equal("sni=[from.header] host=[backend.test] /x\n", await Seen("/on-var/x", "X-Sni: from.header\r\n"));
        Assert.Equal("sni=[other.header] host=[backend.test] /y\n", await Seen("/on-var/y", "X-Sni: other.header\r\n"));
        Assert.Equal("sni=[] host=[backend.test] /x\n", await Seen("/off-name/x"));
    }
}
