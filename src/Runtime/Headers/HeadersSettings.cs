namespace ProxyServer.Runtime.Headers;

/// <summary>
/// A location's <c>expires</c>, <c>add_header</c> list and <c>add_trailer</c> list (each list from the nearest level
/// that has any: a level with one replaces its parent's list, as ngx_http_headers_merge_conf merges them apart).
/// </summary>
public sealed record HeadersSettings(ExpiresSetting Expires, IReadOnlyList<AddedHeader> Headers, IReadOnlyList<AddedHeader> Trailers)
{
    public bool IsEmpty => Expires.Kind == ExpiresKind.Off && Headers.Count == 0 && Trailers.Count == 0;
}
