using Microsoft.AspNetCore.Http.Features;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Proxy;
using ProxyServer.Runtime.Tls.Upstream;

namespace ProxyServer.Runtime.Grpc;

/// <summary>
/// grpc_pass (ngx_http_grpc_handler): the group found (at compile time, or per request from the evaluated
/// address, ngx_http_grpc_eval), then the one attempt loop with the HTTP/2 wire. nginx reads the request body
/// unbuffered (<c>r->request_body_no_buffering</c>): a body of unknown length (a gRPC stream) goes up as it
/// arrives, so client and bidirectional streaming work; a body with a length is read first, as proxy_pass reads it.
/// </summary>
public sealed class GrpcContentHandler(GrpcPassTarget target, CgiPass address, GrpcSettings settings, UpstreamTls? tls) : IContentHandler
{
    public async Task<int> HandleAsync(NginxRequest request)
    {
        var streams = StreamsBody(request);
        if (!streams && await RequestBody.ReadAsync(request) is > 0 and var bodyStatus) return bodyStatus;
        var resolved = target;
        string? evaluated = null;
        if (target.HasVariables)
        {
            resolved = target.Evaluated(address.Evaluate(request)!);
            evaluated = resolved.Address;
        }
        var (group, upstream, status) = await address.FindGroupAsync(request, evaluated);
        if (group is null) return status;
        var protocol = new GrpcUpstreamProtocol(resolved, settings, tls, streams, ProxyUri.Whole(request));
        return await new ProxyAttemptLoop(request, protocol, "", group, upstream?.HashKey?.Evaluate(request), upstream?.Keepalive).RunAsync();
    }

    /// <summary>A body whose end is not known yet (HTTP/2 without Content-Length): it streams to the peer.</summary>
    private static bool StreamsBody(NginxRequest request)
    {
        var http = request.Http.Request;
        if (http.ContentLength is not null || http.Headers.TransferEncoding.Count > 0) return false;
        return request.Http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            && request.Features.Get<BodyRead>() is null;
    }
}
