namespace ProxyServer.Runtime.Model;

/// <summary>Request-head limits and timeouts taken from nginx's http-level settings (Kestrel's limits and our own checks).</summary>
public sealed record ServerLimits
{
    /// <summary><c>client_header_buffer_size</c>: the buffer a request head is read into first.</summary>
    public int ClientHeaderBufferSize { get; init; } = (int)NginxConf.Directives.Modules.HttpCoreDirectives.ClientHeaderBufferSize.Default;

    /// <summary><c>large_client_header_buffers</c> number: buffers a long head may spill into.</summary>
    public int LargeHeaderBufferCount { get; init; } = 4;

    /// <summary><c>large_client_header_buffers</c> size: no request line or header line may be longer.</summary>
    public int LargeHeaderBufferSize { get; init; } = 8192;

    /// <summary>Kestrel's cap on the request line: longer is refused by nginx whatever the buffers (414).</summary>
    public int MaxRequestLineSize => Math.Max(LargeHeaderBufferSize, ClientHeaderBufferSize);

    /// <summary>
    /// Kestrel's cap on all header bytes: the most nginx's buffers can ever hold, so Kestrel refuses
    /// nothing nginx accepts; <see cref="Http.LargeHeaderBuffers"/> decides the rest.
    /// </summary>
    public int MaxRequestHeadersTotalSize => ClientHeaderBufferSize + LargeHeaderBufferCount * LargeHeaderBufferSize;

    public TimeSpan KeepAliveTimeout { get; init; } = NginxConf.Directives.Modules.HttpCoreDirectives.KeepaliveTimeout.Default;
    public TimeSpan RequestHeadersTimeout { get; init; } = NginxConf.Directives.Modules.HttpCoreDirectives.ClientHeaderTimeout.Default;
}
