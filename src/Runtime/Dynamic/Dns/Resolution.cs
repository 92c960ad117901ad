using System.Collections.Immutable;
using System.Net;

namespace ProxyServer.Runtime.Dynamic.Dns;

/// <summary>
/// One answer of the resolver: the addresses of a name (A then AAAA records), or why there are none.
/// <see cref="ValidUntil"/> is when the cached answer must be asked again (TTL or <c>valid=</c>).
/// </summary>
public sealed record Resolution(string Name, ImmutableArray<IPAddress> Addresses, ResolveError? Error, DateTimeOffset ValidUntil)
{
    public bool Succeeded => Error is null;

    /// <summary>nginx's error-log line for a failure (<c>NAME could not be resolved (3: Host not found)</c>).</summary>
    public string? ErrorLogText => Error?.LogText(Name);

    /// <summary>The same answer with its addresses starting at <paramref name="start"/> (wrapping around).</summary>
    public Resolution RotatedBy(int start)
    {
        if (Addresses.Length < 2) return this;
        var offset = start % Addresses.Length;
        return this with { Addresses = [.. Addresses[offset..], .. Addresses[..offset]] };
    }
}
