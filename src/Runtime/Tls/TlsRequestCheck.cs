using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Tls;

/// <summary>
/// nginx's TLS checks once the request's server is known (ngx_http_process_request and
/// ngx_http_set_virtual_server): plain HTTP on an SSL port (497), a client certificate that
/// failed verification (495) or is missing (496) under the Host server's <c>ssl_verify_client</c>,
/// and a Host naming another verifying server than the SNI one (421). These answer 400 pages
/// (or <c>error_page 49x</c>) and close the connection.
/// </summary>
public sealed class TlsRequestCheck : IServerRequestCheck
{
    /// <summary>The status to finalize the request with, or 0 to go on.</summary>
    public int Check(NginxRequest request)
    {
        if (TlsConnection.Of(request.Http) is not { } connection) return 0;
        if (connection.PlainHttp)
        {
            request.Log(LogLevel.Info, "client sent plain HTTP request to HTTPS port while reading client request headers");
            return Close(request, 497);
        }
        var verify = request.Server.Root.Features.Get<ServerTls>()?.Verify
            ?? request.Server.Root.Features.Get<CertificatelessVerifyClient>()?.Verify ?? ClientVerification.Off;
        if (connection.MatchedName is { } negotiated && request.Host.Length > 0 && negotiated != request.Host
            && verify != ClientVerification.Off)
        {
            request.Log(LogLevel.Info, "client attempted to request the server name different from the one that was negotiated while reading client request headers");
            return 421;
        }
        if (verify == ClientVerification.Off) return 0;
        if (ClientCertificateVerifier.Refuses(verify, connection.VerifyError))
        {
            request.Log(LogLevel.Info, $"client SSL certificate verify error: ({connection.VerifyError}:{connection.Verify["FAILED:".Length..]}) while reading client request headers");
            return Close(request, 495);
        }
        if (verify == ClientVerification.On && connection.ClientCertificate is null)
        {
            request.Log(LogLevel.Info, "client sent no required SSL certificate while reading client request headers");
            return Close(request, 496);
        }
        return 0;
    }

    /// <summary>nginx turns keepalive off for these errors; HTTP/2 has no Connection header.</summary>
    private static int Close(NginxRequest request, int status)
    {
        if (HttpProtocol.IsHttp11(request.Http.Request.Protocol) || HttpProtocol.IsHttp10(request.Http.Request.Protocol))
            request.Http.Response.Headers.Connection = "close";
        return status;
    }
}
