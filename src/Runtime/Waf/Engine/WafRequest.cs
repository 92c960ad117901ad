using System.Net;

namespace ProxyServer.Runtime.Waf.Engine;

/// <summary>
/// What the engine needs of a request, independent of Kestrel: the path (as received, or already
/// normalised by the server) and the raw query, the headers, the whole body and the client
/// address. Path and query are byte strings (one char per byte, as the request pipeline keeps
/// them) because naxsi's checks depend on the raw bytes, e.g. <c>%C0%AF</c> is bad UTF-8.
/// </summary>
public sealed record WafRequest
{
    public required string Method { get; init; }
    /// <summary>The request target's path, still percent-encoded.</summary>
    public required string RawPath { get; init; }
    /// <summary>
    /// The path already percent-decoded and normalised by the server (nginx's <c>$uri</c>, after
    /// rewrites); when set, the URL zone is this instead of <see cref="RawPath"/> normalised here.
    /// </summary>
    public string? NormalizedPath { get; init; }
    /// <summary>The query without its <c>?</c>, still percent-encoded; empty when absent.</summary>
    public string RawQuery { get; init; } = "";
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>
    /// The request came with a body, even an empty one (a Content-Length or Transfer-Encoding):
    /// naxsi raises 16 (empty POST) only without one. Unset: when <see cref="Body"/> is not empty.
    /// </summary>
    public bool? BodyPresent { get; init; }
    public IPAddress? ClientAddress { get; init; }
    /// <summary>nginx's <c>$request_id</c> (<c>rid=</c> in the log line).</summary>
    public string RequestId { get; init; } = "";

    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>A request for <paramref name="target"/> (<c>/path?query</c>), handy for tests and tools.</summary>
    public static WafRequest For(string method, string target, params (string Name, string Value)[] headers)
    {
        var question = target.IndexOf('?');
        return new WafRequest
        {
            Method = method,
            RawPath = question < 0 ? target : target[..question],
            RawQuery = question < 0 ? "" : target[(question + 1)..],
            Headers = headers.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToArray(),
        };
    }
}
