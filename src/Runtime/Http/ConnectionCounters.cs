using Microsoft.AspNetCore.Connections;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's stub_status counters of one process (<see cref="Model.ProcessCycle"/>; nginx keeps them in
/// shared memory, so a reload keeps them): connections accepted and open, requests seen and in
/// progress. Updated with Interlocked on the hot path; read as one snapshot.
/// </summary>
public sealed class ConnectionCounters
{
    private long _accepted;
    private long _active;
    private long _requests;
    private long _writing;
    private long _numbers;

    /// <summary>The accept order the first requests of plain connections are served in.</summary>
    public ArrivalOrder Arrivals { get; } = new();

    public long Accepted => Interlocked.Read(ref _accepted);
    public long Active => Interlocked.Read(ref _active);
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests being processed (nginx's "Writing": from the request line read until finalized).</summary>
    public long Writing => Interlocked.Read(ref _writing);

    /// <summary>
    /// nginx's Reading, connections receiving a request head: Kestrel hands us a request only once its head
    /// is parsed, so this is what <see cref="Arrivals"/> sees of plain connections' first requests.
    /// </summary>
    public long Reading => Arrivals.Reading;

    /// <summary>Open connections with no request in progress (keep-alive idle).</summary>
    public long Waiting => Math.Max(0, Active - Reading - Writing);

    /// <summary>Kestrel connection middleware counting a connection from accept to close; notes when it was accepted (<c>$connection_time</c>).</summary>
    public ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
        connection.Items[typeof(ClientConnection)] = new ClientConnection(System.Diagnostics.Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _active);
        try
        {
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    };

    public void RequestStarted()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _writing);
    }

    /// <summary>The next connection number (nginx's <c>ngx_connection_counter</c>).</summary>
    public long NextConnectionNumber() => Interlocked.Increment(ref _numbers);

    public void RequestEnded() => Interlocked.Decrement(ref _writing);
}

/// <summary>
/// What nginx keeps on one client connection (<c>ngx_connection_t</c>) that variables read: its number in the
/// error log (<c>*N</c>, taken at its first request), when it was accepted (<c>$connection_time</c>) and how
/// many requests it has carried (<c>$connection_requests</c>; on HTTP/2, its streams).
/// </summary>
public sealed class ClientConnection(long acceptedTimestamp)
{
    private int _requests;

    public long AcceptedTimestamp { get; } = acceptedTimestamp;

    public long Number { get; set; }

    /// <summary>The connecting peer as the connection's first request read it: every request on it has the same (realip replaces it per request).</summary>
    internal ClientAddress? Peer { get; set; }

    /// <summary>Counts one more request on the connection; returns its ordinal (1 for the first).</summary>
    public int NextRequest() => Interlocked.Increment(ref _requests);
}
