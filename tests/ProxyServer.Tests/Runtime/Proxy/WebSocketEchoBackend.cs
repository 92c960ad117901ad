using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Proxy;

/// <summary>
/// A Kestrel backend on a free loopback port that accepts WebSocket requests and sends every message
/// back as it came (text or binary, any size); a plain request gets 400 naming the Upgrade and
/// Connection headers it saw.
/// </summary>
public sealed class WebSocketEchoBackend : IDisposable
{
    private readonly WebApplication _app;

    public WebSocketEchoBackend()
    {
        Port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Run(EchoAsync);
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public int Port { get; }

    private static async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($"not a websocket request: upgrade={context.Request.Headers.Upgrade} connection={context.Request.Headers.Connection}\n");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(received.CloseStatus ?? WebSocketCloseStatus.NormalClosure, received.CloseStatusDescription, context.RequestAborted);
                return;
            }
            await socket.SendAsync(message.ToArray(), received.MessageType, endOfMessage: true, context.RequestAborted);
        }
    }

    public void Dispose() => _app.StopAsync().GetAwaiter().GetResult();
}
