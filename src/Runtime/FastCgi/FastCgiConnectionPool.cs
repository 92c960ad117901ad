using System.Diagnostics;
using System.Net;
using ProxyServer.Runtime.Upstream;

namespace ProxyServer.Runtime.FastCgi;

/// <summary>
/// Kept FastCGI connections per peer address, as ngx_http_upstream_keepalive_module keeps them: the most recently
/// freed is taken first; when the group's <c>keepalive N</c> is reached the oldest is closed; one idle longer than
/// <c>keepalive_timeout</c>, or open longer than <c>keepalive_time</c>, is closed instead of used.
/// </summary>
public sealed class FastCgiConnectionPool : IDisposable
{
    private readonly Dictionary<EndPoint, List<FastCgiConnection>> _idle = new();

    public FastCgiConnection? Take(EndPoint peer, UpstreamKeepalive keepalive)
    {
        while (true)
        {
            FastCgiConnection? connection;
            lock (_idle)
            {
                if (!_idle.TryGetValue(peer, out var list) || list.Count == 0) return null;
                connection = list[^1];
                list.RemoveAt(list.Count - 1);
            }
            if (Stopwatch.GetElapsedTime(connection.IdleSince) < keepalive.IdleTimeout
                && Stopwatch.GetElapsedTime(connection.Opened) < keepalive.MaxLifetime
                && connection.IsReusable)
                return connection;
            connection.Dispose();
        }
    }

    public void Return(EndPoint peer, UpstreamKeepalive keepalive, FastCgiConnection connection)
    {
        connection.IdleSince = Stopwatch.GetTimestamp();
        FastCgiConnection? evicted = null;
        lock (_idle)
        {
            if (!_idle.TryGetValue(peer, out var list)) _idle[peer] = list = [];
            if (list.Count >= Math.Max(keepalive.Connections, 1))
            {
                evicted = list[0];
                list.RemoveAt(0);
            }
            list.Add(connection);
        }
        evicted?.Dispose();
    }

    public void Dispose()
    {
        lock (_idle)
        {
            foreach (var list in _idle.Values)
                foreach (var connection in list) connection.Dispose();
            _idle.Clear();
        }
    }
}
