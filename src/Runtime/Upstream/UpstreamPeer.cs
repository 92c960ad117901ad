using System.Net;

namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// One address of one <c>server</c> line, with the mutable state nginx keeps per peer in one worker
/// (<c>ngx_http_upstream_rr_peer_t</c>). The state is read and written only under the owning
/// group's lock; times are whole seconds like <c>ngx_time()</c>.
/// </summary>
public sealed class UpstreamPeer
{
    internal UpstreamPeer(UpstreamServer server, EndPoint address, int index)
    {
        Server = server.Name;
        Address = address;
        Name = address.ToString() ?? server.Name;
        Index = index;
        Weight = server.Weight;
        MaxFails = server.MaxFails;
        FailTimeoutSeconds = (long)server.FailTimeout.TotalSeconds;
        MaxConns = server.MaxConns;
        DownInConfig = server.Down;
        Draining = server.Drain;
        Backup = server.Backup;
        EffectiveWeight = server.Weight;
    }

    /// <summary>The address as <c>$upstream_addr</c> prints it, e.g. <c>127.0.0.1:8080</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>server</c> argument as written in the config; the consistent hash ring hashes this text.</summary>
    public string Server { get; }

    public EndPoint Address { get; }

    private string? _httpDestination, _httpsDestination;

    /// <summary><c>scheme://authority</c>, the forwarder's destination for this peer: made once per peer and scheme, not per request.</summary>
    public string Destination(string scheme) => scheme switch
    {
        "http" => _httpDestination ??= $"http://{UpstreamClient.Authority(this)}",
        "https" => _httpsDestination ??= $"https://{UpstreamClient.Authority(this)}",
        _ => $"{scheme}://{UpstreamClient.Authority(this)}",
    };

    /// <summary>Position in its list (primary or backup): the bit in a request's tried set.</summary>
    public int Index { get; }

    public int Weight { get; }
    public int MaxFails { get; }
    public long FailTimeoutSeconds { get; }
    public int MaxConns { get; }
    /// <summary>Out of rotation: <c>down</c> or <c>drain</c> in the config, or failing active health checks.</summary>
    public bool Down => DownInConfig || Draining || Unhealthy;

    /// <summary>The server line's <c>down</c> parameter.</summary>
    public bool DownInConfig { get; }

    /// <summary>The server line's <c>drain</c> (NGINX Plus): no new requests, as there are no sticky sessions to honour.</summary>
    public bool Draining { get; }

    /// <summary>Set by active health checks (<c>Health/</c>) under the group's lock: skipped like <c>down</c> until checks pass again.</summary>
    public bool Unhealthy { get; internal set; }

    public bool Backup { get; }

    public long CurrentWeight { get; internal set; }
    public long EffectiveWeight { get; internal set; }
    public long Conns { get; internal set; }
    public long Fails { get; internal set; }
    public long Accessed { get; internal set; }
    public long Checked { get; internal set; }

    /// <summary>Attempts sent to this peer (the status API's requests).</summary>
    public long Requests { get; private set; }

    internal void CountRequest() => Requests++;

    /// <summary>least_time: moving averages of header and last-byte time in milliseconds (0 until measured).</summary>
    public double AverageHeaderMs { get; internal set; }
    public double AverageLastByteMs { get; internal set; }

    /// <summary>nginx's "max_fails reached within fail_timeout" test that takes a peer out of rotation.</summary>
    internal bool IsTemporarilyDisabled(long now) =>
        MaxFails != 0 && Fails >= MaxFails && now - Checked <= FailTimeoutSeconds;

    internal bool IsAtMaxConns => MaxConns != 0 && Conns >= MaxConns;

    /// <summary>down, failed, or full: every method skips such a peer.</summary>
    internal bool IsUnavailable(long now) => Down || IsTemporarilyDisabled(now) || IsAtMaxConns;

    /// <summary>A chosen peer starts a new fail_timeout window when the last one has passed.</summary>
    internal void MarkChosen(long now)
    {
        Conns++;
        CountRequest();
        if (now - Checked > FailTimeoutSeconds) Checked = now;
    }

    public override string ToString() => Name;
}
