namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>
/// A peer's answer a wire protocol could not accept, with the line nginx's module logs for it ("upstream sent
/// invalid header", "upstream sent unsupported FastCGI protocol version: 2") and the failure it counts as
/// (invalid_header for most, error for a connection the peer closed). The attempt loop logs it with
/// " while reading response header from upstream" and treats it as <c>ngx_http_upstream_next</c> does.
/// </summary>
public sealed class UpstreamResponseException(string message, UpstreamFailure failure = UpstreamFailure.InvalidHeader) : Exception(message)
{
    public UpstreamFailure Failure { get; } = failure;
}
