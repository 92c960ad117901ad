namespace ProxyServer.Runtime.Model;

/// <summary>Kestrel limits taken from nginx's http-level settings.</summary>
public sealed record ServerLimits
{
    /// <summary><c>large_client_header_buffers</c> size: the longest request line.</summary>
    public int MaxRequestLineSize { get; init; } = 8192;

    /// <summary><c>large_client_header_buffers</c> number × size.</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 4 * 8192;

    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(75);
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
