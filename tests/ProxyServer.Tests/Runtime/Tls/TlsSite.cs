using System.Net.Security;
using System.Net.Sockets;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// One TLS site served by the real nginx and by us (a <see cref="DifferentialPair"/>), shared by
/// the differential tests. Port 0 (ssl http2): a.test (RSA, default), b.test (ECDSA), m.test
/// (client certificate required), o.test (optional_no_ca). Port 1 (ssl, TLSv1.3 only): r.test with
/// <c>error_page 497</c> redirecting to https. Port 2 (plain): the usual redirect to https.
/// Every TLS server answers its view of the connection's variables.
/// </summary>
public sealed class TlsSite : IDisposable
{
    public const string Echo = "$server_name|$https|$scheme|$ssl_protocol|$ssl_cipher|$ssl_server_name|$ssl_client_verify|$ssl_client_s_dn|$ssl_client_i_dn";

    public TlsSite()
    {
        Certificates = new TlsCertificates();
        Certificates.Server("a", ecdsa: false, "a.test");
        Certificates.Server("b", ecdsa: true, "b.test");
        Certificates.Server("m", ecdsa: false, "m.test", "o.test", "r.test");
        Certificates.Client("client", "CN=client one, O=\"Acme, Inc.\", C=US");
        Certificates.SelfSigned("stranger");
        var c = Certificates;
        string Server(string name, string cert, string extra = "", string listen = "{{P0}} ssl") => $$"""
                server {
                    listen 127.0.0.1:{{listen}};
                    server_name {{name}};
                    ssl_certificate {{c.CertPath(cert)}};
                    ssl_certificate_key {{c.KeyPath(cert)}};
                    {{extra}}
                    location / { return 200 "{{Echo}}\n"; }
                }
            """;
        Pair = DifferentialPair.StartHttp(string.Join("\n",
            Server("a.test", "a", listen: "{{P0}} ssl http2"),
            Server("b.test", "b"),
            Server("m.test", "m", $"ssl_verify_client on; ssl_client_certificate {c.CaPath};"),
            Server("o.test", "m", $"ssl_verify_client optional_no_ca;"),
            Server("r.test", "m", "ssl_protocols TLSv1.3; error_page 497 =301 https://$host:$server_port$request_uri;", listen: "{{P1}} ssl"),
            """
                server {
                    listen 127.0.0.1:{{P2}};
                    server_name _;
                    return 301 https://$host$request_uri;
                }
            """), portCount: 3);
    }

    public TlsCertificates Certificates { get; }
    public DifferentialPair Pair { get; }

    /// <summary>The same curl request against nginx and us (each on its own port of <paramref name="portIndex"/>).</summary>
    public async Task<(CurlResult Nginx, CurlResult Ours)> CurlBothAsync(string name, int portIndex, string path, params string[] options)
    {
        var nginx = Curl.GetAsync(name, Pair.NginxPort(portIndex), path, options);
        var ours = Curl.GetAsync(name, Pair.OurPort(portIndex), path, options);
        return (await nginx, await ours);
    }

    /// <summary>The subject of the certificate a server presents for SNI <paramref name="serverName"/>.</summary>
    public static async Task<string> PresentedSubjectAsync(int port, string serverName)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return ssl.RemoteCertificate!.Subject;
    }

    public void Dispose()
    {
        Pair.Dispose();
        Certificates.Dispose();
    }
}
