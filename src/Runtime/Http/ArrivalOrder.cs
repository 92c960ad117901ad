using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// Serves the first requests of plain connections in the order their connections were accepted, as
/// nginx's one event loop does: nginx accepts a connection and handles its read event before the
/// read event of a connection accepted after it (ngx_event_accept, then ngx_http_wait_request_handler
/// in the order epoll reports them). Kestrel hands each accepted connection to the thread pool, so
/// under load a second connection's request could run first and be counted first: limit_conn.t sends
/// a request on one connection, then one on a second that must find the first counted (it lost that
/// race 2 of 8 runs). A first request therefore waits while an earlier connection has bytes that
/// Kestrel is still turning into its first request; an earlier connection that sent nothing, or whose
/// head is incomplete and waits for the client, holds nobody up (a slow client stalls only itself,
/// as in nginx). Later requests on a connection are not ordered. TLS connections are not ordered:
/// their handshake is a conversation with the client, and nginx orders those no better.
/// One per process cycle (<see cref="ConnectionCounters.Arrivals"/>), shared by every listener.
/// </summary>
public sealed class ArrivalOrder
{
    /// <summary>
    /// The longest a first request waits for earlier connections: a safety valve so that an arrival
    /// whose connection Kestrel never ran (a server stopping) cannot hold the others; the wait ends
    /// at an earlier connection's first request, which takes microseconds, long before this.
    /// </summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private readonly LinkedList<Arrival> _pending = new();
    private TaskCompletionSource? _changed;

    /// <summary>Called in accept order (Kestrel's accept loop takes one connection at a time).</summary>
    internal Arrival Accept(ConnectionContext connection)
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        var arrival = new Arrival(this, socket);
        lock (_lock) arrival.Node = _pending.AddLast(arrival);
        // A connection Kestrel closes before running it is done too.
        connection.ConnectionClosed.Register(static a => ((Arrival)a!).Leave(), arrival);
        return arrival;
    }

    /// <summary>Moves <paramref name="arrival"/> to <paramref name="state"/>; wakes the waiters when it stops holding them up.</summary>
    internal void Move(Arrival arrival, ArrivalState state)
    {
        TaskCompletionSource? changed = null;
        lock (_lock)
        {
            if (arrival.State == ArrivalState.Served || arrival.State == state) return;
            arrival.State = state;
            if (state == ArrivalState.Reading) arrival.BytesSeen = true;
            if (state == ArrivalState.Served && arrival.Node is { } node)
            {
                _pending.Remove(node);
                arrival.Node = null;
            }
            if (!HoldsUp(state))
            {
                changed = _changed;
                _changed = null;
            }
        }
        changed?.TrySetResult();
    }

    /// <summary>Waits while a connection accepted before <paramref name="arrival"/> is turning its bytes into a request.</summary>
    internal async ValueTask WaitForEarlierAsync(Arrival arrival, CancellationToken aborted)
    {
        var deadline = DateTime.UtcNow + LongestWait;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (!EarlierHoldsUp(arrival)) return;
                changed = (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return;
            try
            {
                await changed.WaitAsync(left, aborted);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Waited long enough, or the client left: the pipeline sees its abort.
                return;
            }
        }
    }

    /// <summary>
    /// nginx's Reading: connections whose request head has begun to arrive and is not read yet (ngx_stat_reading,
    /// counted from ngx_http_create_request to ngx_http_process_request). Known for first requests of plain
    /// connections; a keep-alive connection's later heads are read too quickly to show.
    /// </summary>
    public long Reading
    {
        get
        {
            lock (_lock)
            {
                var reading = 0;
                foreach (var arrival in _pending)
                    if (arrival.BytesSeen) reading++;
                return reading;
            }
        }
    }

    private bool EarlierHoldsUp(Arrival arrival)
    {
        for (var node = _pending.First; node is not null && node.Value != arrival; node = node.Next)
            if (HoldsUp(node.Value.State)) return true;
        return false;
    }

    private static bool HoldsUp(ArrivalState state) => state is ArrivalState.Accepted or ArrivalState.Reading;
}

internal enum ArrivalState
{
    /// <summary>Accepted; Kestrel has not read from it yet.</summary>
    Accepted,
    /// <summary>Bytes are there and Kestrel is reading them.</summary>
    Reading,
    /// <summary>Kestrel read everything there was and waits for the client.</summary>
    WaitingForClient,
    /// <summary>Its first request reached the pipeline, or it closed.</summary>
    Served,
}

/// <summary>One accepted plain connection until its first request is served.</summary>
internal sealed class Arrival(ArrivalOrder order, Socket? socket)
{
    public ArrivalState State { get; set; }

    public LinkedListNode<Arrival>? Node { get; set; }

    /// <summary>Some of its first request has arrived (set under the order's lock).</summary>
    public bool BytesSeen { get; set; }

    private volatile bool _served;

    public bool IsServed => _served;

    /// <summary>Its first request reached the pipeline: waits for earlier connections; <see cref="Leave"/> then lets later ones go.</summary>
    public ValueTask WaitTurnAsync(CancellationToken aborted) => order.WaitForEarlierAsync(this, aborted);

    public void Leave()
    {
        _served = true;
        order.Move(this, ArrivalState.Served);
    }

    /// <summary>
    /// A read is pending after <paramref name="seen"/> bytes: bytes the kernel took in that have not come through yet
    /// (still in the socket, or read by the transport and not yet handed on) still count as Reading.
    /// </summary>
    public void ReadPending(long seen)
    {
        var inFlight = false;
        if (socket is { } s)
        {
            try
            {
                inFlight = TcpInfo.BytesReceived(s) is { } received ? received > seen : s.Available > 0;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
            }
        }
        order.Move(this, inFlight ? ArrivalState.Reading : ArrivalState.WaitingForClient);
    }

    public void BytesRead() => order.Move(this, ArrivalState.Reading);
}

/// <summary>
/// The reading side of a plain connection until its first request: tells its <see cref="Arrival"/>
/// whether Kestrel has bytes to work on or waits for the client. Then a plain pass-through.
/// </summary>
internal sealed class ArrivalReader(PipeReader inner, Arrival arrival) : PipeReader
{
    /// <summary>The last buffer handed on (until it is advanced past), the bytes consumed before it, and all that came through.</summary>
    private ReadOnlySequence<byte> _buffer;
    private long _consumed;
    private long _seen;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(cancellationToken);
        if (arrival.IsServed) return read;
        if (read.IsCompleted)
        {
            Note(read.Result);
            return read;
        }
        arrival.ReadPending(_seen);
        return Completed(read);
    }

    private async ValueTask<ReadResult> Completed(ValueTask<ReadResult> read)
    {
        var result = await read;
        if (!arrival.IsServed) Note(result);
        return result;
    }

    private void Note(ReadResult result)
    {
        _buffer = result.Buffer;
        _seen = _consumed + _buffer.Length;
        if (!_buffer.IsEmpty) arrival.BytesRead();
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result)) return false;
        if (!arrival.IsServed) Note(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed)
    {
        Consumed(consumed);
        inner.AdvanceTo(consumed);
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        Consumed(consumed);
        inner.AdvanceTo(consumed, examined);
    }

    private void Consumed(SequencePosition consumed)
    {
        if (arrival.IsServed || _buffer.IsEmpty) return;
        _consumed += _buffer.Slice(_buffer.Start, consumed).Length;
        _buffer = default;
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override Task CopyToAsync(PipeWriter destination, CancellationToken cancellationToken = default) => inner.CopyToAsync(destination, cancellationToken);

    public override Task CopyToAsync(Stream destination, CancellationToken cancellationToken = default) => inner.CopyToAsync(destination, cancellationToken);
}

/// <summary>
/// Kestrel's socket transport with each accepted connection entered in an <see cref="ArrivalOrder"/>
/// (when the listener is plain) in the order Kestrel's accept loop takes them.
/// </summary>
internal sealed class ArrivalOrderedTransport(IConnectionListenerFactory sockets, ArrivalOrder? order) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = await sockets.BindAsync(endpoint, cancellationToken);
        return order is null ? listener : new ArrivalOrderedListener(listener, order);
    }

    public bool CanBind(EndPoint endpoint) => sockets is not IConnectionListenerFactorySelector selector || selector.CanBind(endpoint);

    /// <summary>Kestrel connection middleware: the connection's reads tell its arrival what Kestrel is doing.</summary>
    public static ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
        if (!connection.Items.TryGetValue(typeof(Arrival), out var item) || item is not Arrival arrival)
        {
            await next(connection);
            return;
        }
        var transport = connection.Transport;
        connection.Transport = new ArrivalTransport(new ArrivalReader(transport.Input, arrival), transport.Output);
        try
        {
            await next(connection);
        }
        finally
        {
            arrival.Leave();
        }
    };

    private sealed class ArrivalOrderedListener(IConnectionListener inner, ArrivalOrder order) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            var connection = await inner.AcceptAsync(cancellationToken);
            if (connection is not null) connection.Items[typeof(Arrival)] = order.Accept(connection);
            return connection;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class ArrivalTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }
}
