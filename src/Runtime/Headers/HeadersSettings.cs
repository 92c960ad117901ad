namespace ProxyServer.Runtime.Headers;

/// <summary>A location's <c>expires</c> and <c>add_header</c> list (nearest level that has any; a level with one replaces its parent's list).</summary>
public sealed record HeadersSettings(ExpiresSetting Expires, IReadOnlyList<AddedHeader> Headers)
{
    public bool IsEmpty => Expires.Kind == ExpiresKind.Off && Headers.Count == 0;
}
