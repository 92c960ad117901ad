using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace ProxyServer.Runtime.Http;

/// <summary>The local end of a client's connection (nginx's <c>c-&gt;local_sockaddr</c>).</summary>
public static class LocalEndPoints
{
    /// <summary>
    /// An <see cref="IPEndPoint"/>, or the <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/> of the
    /// <c>listen unix:PATH</c> socket it came in on (Kestrel's connection info has no address for it:
    /// <see cref="Remember"/> put it in the connection's items).
    /// </summary>
    public static EndPoint? Of(IFeatureCollection features) =>
        features.Get<IHttpConnectionFeature>() is { LocalIpAddress: { } ip } connection
            ? new IPEndPoint(ip, connection.LocalPort)
            : features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(typeof(LocalEndPoints), out var socket) == true ? socket as EndPoint : null;

    /// <summary>A connection middleware for a unix socket's listener: each connection notes the socket it came in on.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Remember(EndPoint socket) => next => connection =>
    {
        connection.Items[typeof(LocalEndPoints)] = socket;
        return next(connection);
    };
}
