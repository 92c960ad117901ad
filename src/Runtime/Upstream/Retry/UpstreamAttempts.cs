using System.Globalization;
using System.Text;

namespace ProxyServer.Runtime.Upstream.Retry;

/// <summary>One attempt at one peer (nginx's <c>ngx_http_upstream_state_t</c>); times in milliseconds, -1 when never reached.</summary>
public sealed class UpstreamAttempt(string peer)
{
    /// <summary>The peer's address, or the group's name when no peer was live.</summary>
    public string Peer { get; } = peer;

    /// <summary>The peer's unix socket when it listens on one: the connect callback connects there, not to the URI's host.</summary>
    public System.Net.Sockets.UnixDomainSocketEndPoint? UnixSocket { get; init; }

    /// <summary>The answered status, or the status nginx gives the failure (502, 504); 0 while unknown.</summary>
    public int Status { get; set; }

    public long ConnectMs { get; set; } = -1;

    /// <summary>The request went on a kept connection (nginx's <c>u->peer.cached</c>).</summary>
    public bool CachedConnection { get; set; }

    /// <summary>That kept connection failed before any answer: ngx_http_upstream_next gives the try back.</summary>
    public bool CachedConnectionClosed { get; set; }
    public long HeaderMs { get; set; } = -1;
    public long ResponseMs { get; set; } = -1;
    public long ResponseLength { get; set; }

    /// <summary>The loop is done with this peer (nginx's ngx_http_upstream_next or finalize noted its <c>bytes_sent</c>).</summary>
    public bool Finished { get; set; }

    /// <summary>Bytes written to and read from the peer's connection for this attempt (<see cref="UpstreamTraffic"/>).</summary>
    public long BytesSent;
    public long BytesReceived;

    /// <summary>The response head's bytes as they came off the connection (<see cref="UpstreamTraffic"/>), for what the HTTP client hides.</summary>
    public ResponseHeadScan Head { get; } = new();

    /// <summary>The peer's response head as it came (nginx's <c>u->headers_in</c>), once it arrived: <c>$upstream_http_*</c>.</summary>
    public HttpResponseMessage? Response { get; set; }
}

/// <summary>
/// Every attempt of one request, in order, and the <c>$upstream_*</c> variables nginx derives from them:
/// one value per attempt joined with ", ", "-" where the attempt has none, times as seconds with
/// milliseconds (<c>0.004</c>).
/// </summary>
public sealed class UpstreamAttempts
{
    private readonly List<UpstreamAttempt> _attempts = new(1); // most requests make one attempt

    public IReadOnlyList<UpstreamAttempt> All => _attempts;

    /// <summary>An attempt at <paramref name="peer"/>.</summary>
    public UpstreamAttempt Start(UpstreamPeer peer) =>
        Add(new UpstreamAttempt(peer.Name) { UnixSocket = peer.Address as System.Net.Sockets.UnixDomainSocketEndPoint });

    /// <summary>An attempt that found no live peer: <paramref name="group"/> is what <c>$upstream_addr</c> names.</summary>
    public UpstreamAttempt Start(string group) => Add(new UpstreamAttempt(group));

    private UpstreamAttempt Add(UpstreamAttempt attempt)
    {
        _attempts.Add(attempt);
        return attempt;
    }

    /// <summary><c>$upstream_addr</c>.</summary>
    public string Addresses => Join(a => a.Peer);

    /// <summary><c>$upstream_status</c>.</summary>
    public string Statuses => Join(a => a.Status == 0 ? "-" : a.Status.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>$upstream_response_time</c>.</summary>
    public string ResponseTimes => Join(a => a.Status == 0 ? "-" : Seconds(Math.Max(a.ResponseMs, 0)));

    /// <summary><c>$upstream_connect_time</c>.</summary>
    public string ConnectTimes => Join(a => a.Status == 0 || a.ConnectMs < 0 ? "-" : Seconds(a.ConnectMs));

    /// <summary><c>$upstream_header_time</c>.</summary>
    public string HeaderTimes => Join(a => a.Status == 0 || a.HeaderMs < 0 ? "-" : Seconds(a.HeaderMs));

    /// <summary>
    /// <c>$upstream_bytes_sent</c>: nginx notes what went to a peer when it is done with it (ngx_http_upstream_next,
    /// ngx_http_upstream_finalize_request), so while the last peer's response is still coming (add_header) it says 0.
    /// </summary>
    public string BytesSent => Join(a => (a.Finished ? Interlocked.Read(ref a.BytesSent) : 0).ToString(CultureInfo.InvariantCulture));

    /// <summary><c>$upstream_bytes_received</c>.</summary>
    public string BytesReceived => Join(a => Interlocked.Read(ref a.BytesReceived).ToString(CultureInfo.InvariantCulture));

    /// <summary>The response of the last attempt that had one (nginx's <c>r->upstream</c> is the last peer's).</summary>
    public HttpResponseMessage? LastResponse => _attempts.Count > 0 ? _attempts[^1].Response : null;

    /// <summary><c>$upstream_response_length</c>.</summary>
    public string ResponseLengths => Join(a => a.ResponseLength.ToString(CultureInfo.InvariantCulture));

    private string Join(Func<UpstreamAttempt, string> value)
    {
        if (_attempts.Count == 0) return "";
        var builder = new StringBuilder();
        for (var i = 0; i < _attempts.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            builder.Append(value(_attempts[i]));
        }
        return builder.ToString();
    }

    private static string Seconds(long ms) =>
        $"{(ms / 1000).ToString(CultureInfo.InvariantCulture)}.{(ms % 1000).ToString("000", CultureInfo.InvariantCulture)}";
}
