using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// Puts TLS on a <c>listen ... ssl</c> socket as nginx does: the first byte decides whether the
/// connection is TLS or plain HTTP (answered 497 later, like nginx); the handshake asks the
/// current model for the server SNI names (the Host lookup, then the address's default server)
/// and uses that server's certificate, protocols, suites, client-certificate rules and ALPN.
/// Nothing here is fixed at bind time, so a reload changes certificates without rebinding.
/// </summary>
public static class TlsListener
{
    /// <summary>Called for every socket ListenerHost binds; leaves plain sockets without <c>http2</c> as they are.</summary>
    public static void Configure(ListenOptions listen, ListenAddress address, ModelHolder models, ServerLimits limits)
    {
        if (!address.Ssl)
        {
            // nginx 1.22: "listen ... http2" without ssl speaks only HTTP/2 (prior knowledge).
            if (address.Http2) listen.Protocols = HttpProtocols.Http2;
            return;
        }
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        ConnectionDelegate? plainHttp = null;
        listen.Use(tls => connection => SniffAsync(connection, tls, plainHttp!, limits.RequestHeadersTimeout));
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(Handshake(context, address, models)),
            HandshakeTimeout = limits.RequestHeadersTimeout,
        });
        // Registered after UseHttps, so it sees the HTTP handler itself: plain connections go straight to it.
        listen.Use(http => plainHttp = http);
    }

    /// <summary>
    /// ngx_http_ssl_handshake's peek: a TLS record (0x16) or an SSLv2 hello (high bit) starts the
    /// handshake; anything else is read as plain HTTP and marked for the 497 answer.
    /// </summary>
    private static async Task SniffAsync(ConnectionContext connection, ConnectionDelegate tls, ConnectionDelegate plainHttp, TimeSpan timeout)
    {
        var input = connection.Transport.Input;
        System.IO.Pipelines.ReadResult read;
        using (var cancel = new CancellationTokenSource(timeout))
        {
            try
            {
                read = await input.ReadAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                connection.Abort();
                return;
            }
        }
        if (read.Buffer.IsEmpty)
        {
            input.AdvanceTo(read.Buffer.Start);
            return;
        }
        var first = read.Buffer.FirstSpan[0];
        if (first == 0x16)
        {
            // The whole ClientHello, left unconsumed for the handshake: it decides the certificate (RSA or ECDSA) and the suite order.
            var (timedOut, hello) = await PeekClientHelloAsync(input, read, timeout);
            if (timedOut)
            {
                connection.Abort();
                return;
            }
            if (hello is not null) connection.Items[typeof(ClientHello)] = hello;
            await tls(connection);
            return;
        }
        input.AdvanceTo(read.Buffer.Start);
        if ((first & 0x80) != 0)
        {
            await tls(connection);
            return;
        }
        connection.Items[typeof(TlsConnection)] = new TlsConnection { PlainHttp = true };
        await plainHttp(connection);
    }

    /// <summary>
    /// Reads on (without consuming) until the first handshake message is whole; Hello is null when it
    /// cannot be read (the handshake then fails, or is served the first certificate).
    /// </summary>
    private static async Task<(bool TimedOut, ClientHello? Hello)> PeekClientHelloAsync(System.IO.Pipelines.PipeReader input, System.IO.Pipelines.ReadResult read, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var (state, hello) = ClientHello.TryParse(read.Buffer);
            if (state != ClientHello.ParseState.NeedMore || read.IsCompleted)
            {
                input.AdvanceTo(read.Buffer.Start);
                return (false, hello);
            }
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            try
            {
                read = await input.ReadAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return (true, null);
            }
        }
    }

    private static SslServerAuthenticationOptions Handshake(TlsHandshakeCallbackContext context, ListenAddress address, ModelHolder models)
    {
        var sni = context.ClientHelloInfo.ServerName ?? "";
        var model = models.Current;
        var local = context.Connection.LocalEndPoint as IPEndPoint ?? address.EndPoint;
        var (server, matched) = ServerFor(model, local, sni);
        // A server found by SNI that has no certificate of its own keeps the default server's (nginx keeps its SSL_CTX).
        var settings = server?.Root.Features.Get<ServerTls>()
            ?? model.FindAddress(local)?.DefaultServer.Root.Features.Get<ServerTls>()
            ?? throw new System.Security.Authentication.AuthenticationException($"no \"ssl_certificate\" is defined in server listening on SSL port {address.Text}");
        var connection = new TlsConnection { Settings = settings, ServerName = sni, MatchedName = matched };
        var clientHello = context.Connection.Items.TryGetValue(typeof(ClientHello), out var hello) ? hello as ClientHello : null;
        context.Connection.Items[typeof(TlsConnection)] = connection;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = CertificateChoice.For(settings, clientHello),
            EnabledSslProtocols = settings.Protocols,
            CipherSuitesPolicy = ClientCipherOrder.For(settings, clientHello),
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
            ApplicationProtocols = address.Http2 || settings.Http2
                ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]
                : [SslApplicationProtocol.Http11],
        };
        if (settings.Verify != ClientVerification.Off)
        {
            options.ClientCertificateRequired = true;
            // nginx completes the handshake whatever the verdict and refuses at the HTTP level (400).
            options.RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                var presented = certificate is null ? null : certificate as System.Security.Cryptography.X509Certificates.X509Certificate2 ?? new(certificate);
                ClientCertificateVerifier.Verify(connection, settings, presented, chain);
                return true;
            };
        }
        return options;
    }

    /// <summary>The server SNI selects: nginx's virtual-name lookup on the address, else its default server.</summary>
    /// <returns>The server, and the validated name when it matched one by name.</returns>
    public static (VirtualServer? Server, string? MatchedName) ServerFor(RuntimeModel model, EndPoint local, string serverName)
    {
        var address = model.FindAddress(local);
        if (address is null) return (null, null);
        if (serverName.Length > 0 && HostHeader.Validate(serverName) is { } host && address.Names.Find(host, null) is { } named)
            return (named, host);
        return (address.DefaultServer, null);
    }
}
