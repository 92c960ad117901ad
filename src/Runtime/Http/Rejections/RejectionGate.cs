using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace ProxyServer.Runtime.Http.Rejections;

/// <summary>
/// The output side of one HTTP/1 connection, between Kestrel and the socket (or TLS). Kestrel
/// answers a request it cannot parse by itself (empty 400/414/431/505, 408 on a header timeout)
/// and never runs our pipeline for it; <see cref="KestrelRejectionObserver"/> tells the gate when
/// that happens, and from then on the gate drops whatever Kestrel writes and sends nginx's answer
/// instead (<see cref="RejectionAnswer"/>), before Kestrel closes the connection.
/// Until then every call passes straight through.
/// </summary>
public sealed class RejectionGate : PipeWriter
{
    private readonly PipeWriter _inner;
    private byte[]? _pending;
    private bool _replaced;
    private byte[] _scratch = [];

    private RejectionGate(PipeWriter inner, Func<ConnectionContext, string> serverToken, ConnectionContext connection)
    {
        _inner = inner;
        ServerToken = () => serverToken(connection);
    }

    /// <summary>The Server token of the connection's default server (its <c>server_tokens</c>), read when a page is built.</summary>
    public Func<string> ServerToken { get; }

    /// <summary>
    /// Kestrel connection middleware installing a gate on HTTP/1 connections (HTTP/2 frames its own
    /// errors). <paramref name="serverToken"/> names the connection's default server for the page.
    /// Like nginx, a new connection gets <paramref name="headerTimeout"/> (client_header_timeout) to
    /// start its first request, and is closed silently when it does not (Kestrel would wait keepalive_timeout).
    /// </summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Install(Func<ConnectionContext, string> serverToken, TimeSpan headerTimeout) => next => async connection =>
    {
        var alpn = connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol ?? ReadOnlyMemory<byte>.Empty;
        if (!alpn.IsEmpty && !alpn.Span.SequenceEqual("http/1.1"u8))
        {
            await next(connection);
            return;
        }
        // Returning without Kestrel closes the connection with a FIN, as nginx does.
        if (!await FirstBytesArrived(connection, headerTimeout)) return;
        await LengthlessHttp10Body.MendAsync(connection, headerTimeout);
        var transport = connection.Transport;
        var gate = new RejectionGate(transport.Output, serverToken, connection);
        connection.Items[typeof(RejectionGate)] = gate;
        connection.Transport = new GatedTransport(transport.Input, gate);
        await next(connection);
    };

    /// <summary>
    /// Waits for the first bytes without consuming them; false when the timeout passed first, or
    /// when the server is stopping (an idle connection does not hold up a graceful stop).
    /// </summary>
    private static async Task<bool> FirstBytesArrived(ConnectionContext connection, TimeSpan timeout)
    {
        var stopping = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping, connection.ConnectionClosed);
        cancel.CancelAfter(timeout);
        var input = connection.Transport.Input;
        try
        {
            var read = await input.ReadAsync(cancel.Token);
            input.AdvanceTo(read.Buffer.Start);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces Kestrel's coming error response by <paramref name="answer"/> (empty: close without
    /// answering). Called on Kestrel's request loop, before it writes that response.
    /// </summary>
    public void Replace(byte[] answer) => _pending = answer;

    private bool Dropping => _pending is not null || _replaced;

    /// <summary>An interim response (<c>100 Continue</c>) put ahead of the response Kestrel has not begun; sent with its first flush.</summary>
    public void WriteInterim(ReadOnlySpan<byte> head)
    {
        if (!Dropping) _inner.Write(head);
    }

    public override void Advance(int bytes)
    {
        if (Dropping) return;
        _inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Dropping ? Scratch(sizeHint) : _inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Dropping ? Scratch(sizeHint) : _inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        WritePending();
        return _inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        WritePending();
        _inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        WritePending();
        return _inner.CompleteAsync(exception);
    }

    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _inner.UnflushedBytes;

    private void WritePending()
    {
        if (_pending is not { } answer) return;
        _pending = null;
        _replaced = true;
        if (answer.Length > 0) _inner.Write(answer);
    }

    private byte[] Scratch(int sizeHint)
    {
        var size = Math.Max(sizeHint, 4096);
        if (_scratch.Length < size) _scratch = new byte[size];
        return _scratch;
    }

    private sealed class GatedTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}
