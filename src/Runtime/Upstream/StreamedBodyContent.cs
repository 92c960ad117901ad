using System.Net;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// An upstream response body the forwarder reads through <see cref="HttpContent.ReadAsStreamAsync()"/>, once and to
/// its end, whose length is never known ahead (the forwarder frames what it reads): what
/// <see cref="ConnectionBodyContent"/> (off a peer's connection) and <see cref="WrappingContent"/> (around another
/// content) share.
/// </summary>
public abstract class StreamedBodyContent : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var body = await CreateContentReadStreamAsync();
        await body.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
