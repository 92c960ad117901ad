using Microsoft.AspNetCore.Connections;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// nginx's stub_status counters for the whole process (nginx keeps them in shared memory, so a
/// reload keeps them): connections accepted and open, requests seen and in progress. Updated with
/// Interlocked on the hot path; read as one snapshot.
/// </summary>
public static class ConnectionCounters
{
    private static long _accepted;
    private static long _active;
    private static long _requests;
    private static long _writing;

    public static long Accepted => Interlocked.Read(ref _accepted);
    public static long Active => Interlocked.Read(ref _active);
    public static long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests being processed (nginx's "Writing": from the request line read until finalized).</summary>
    public static long Writing => Interlocked.Read(ref _writing);

    /// <summary>
    /// Kestrel hands us a connection only once the request headers are parsed, so no connection is
    /// counted as reading; nginx's Reading is the time spent receiving the request head.
    /// </summary>
    public static long Reading => 0;

    /// <summary>Open connections with no request in progress (keep-alive idle).</summary>
    public static long Waiting => Math.Max(0, Active - Reading - Writing);

    /// <summary>Kestrel connection middleware counting a connection from accept to close.</summary>
    public static ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
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

    public static void RequestStarted()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _writing);
    }

    public static void RequestEnded() => Interlocked.Decrement(ref _writing);
}
