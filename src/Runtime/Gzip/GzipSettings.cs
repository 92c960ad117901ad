using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Gzip;

/// <summary>A location's <c>gzip on</c> settings: level, minimum known length, types, the size of one of <c>gzip_buffers</c>.</summary>
public sealed record GzipSettings(int Level, long MinLength, ContentTypeSet Types, int BufferSize);
