using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// The peer's response body with <c>proxy_buffering on</c>, as nginx's event pipe reads it (ngx_event_pipe.c):
/// read from the peer as fast as it sends, whatever the client takes, into the memory of <c>proxy_buffers</c>, and
/// once those are full into a temp file (ngx_event_pipe_write_chain_to_temp_file) of up to
/// <c>proxy_max_temp_file_size</c>; only when both are full does reading wait for the client. So the peer's response
/// is complete (and the peer freed, its connection back in the keepalive pool) as soon as the peer has sent it,
/// while a slow client is still taking it. The forwarder reads what was buffered, in order: the memory first, then
/// the file (new bytes go to the file while it holds unread ones, so the memory never holds younger bytes).
/// A body the peer cut short ends, once the client has all that arrived, as <see cref="UpstreamBodyContent"/> says
/// (<paramref name="endsQuietly"/>): the pump never touches the client's response.
/// </summary>
internal sealed class BufferedUpstreamContent(HttpContent inner, ResponseBuffering settings, TimeSpan readTimeout, Func<ValueTask<bool>> endsQuietly)
    : Upstream.WrappingContent(inner)
{
    protected override Stream Wrap(Stream body) => new BufferedUpstreamBody(body, settings, readTimeout, endsQuietly);
}

/// <summary>The pipe itself: a pump reading the peer into a ring of memory and a temp file, and the reads the forwarder makes of it.</summary>
internal sealed class BufferedUpstreamBody : Http.ReadOnlyStream
{
    /// <summary>The most read from the peer at once into the temp file (nginx writes <c>proxy_temp_file_write_size</c> at a time; fewer, larger writes cost less here and nothing differs for the client).</summary>
    private const int SpillReadSize = 64 * 1024;

    /// <summary>
    /// The least memory a response is buffered in before the temp file: with nginx's default 8 4k a 1 MB response
    /// spilled to disk and back whenever the client fell a little behind (bench/perf "large" on a loaded machine:
    /// 3,821 CPU µs per request, 3,135 with this floor, 961 streamed); the client and the peer see no difference,
    /// only the memory a slow client holds.
    /// </summary>
    private const long MemoryFloor = 256 * 1024;

    private readonly Stream _upstream;
    private readonly ResponseBuffering _settings;
    private readonly TimeSpan _readTimeout;
    private readonly Func<ValueTask<bool>> _endsQuietly;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _ring;
    private readonly int _ringSize;
    private readonly Task _pump;

    /// <summary>Where the forwarder reads next in <see cref="_ring"/>, and how many bytes from there are buffered.</summary>
    private int _head, _count;

    private SafeFileHandle? _file;
    private long _fileWritten, _fileRead;
    private bool _ended;
    private Exception? _failure;
    private TaskCompletionSource? _dataArrived, _roomMade;

    public BufferedUpstreamBody(Stream upstream, ResponseBuffering settings, TimeSpan readTimeout, Func<ValueTask<bool>> endsQuietly)
    {
        _endsQuietly = endsQuietly;
        _upstream = upstream;
        _settings = settings;
        _readTimeout = readTimeout > TimeSpan.Zero ? readTimeout : Timeout.InfiniteTimeSpan;
        _ringSize = (int)Math.Clamp(settings.MemoryCapacity, MemoryFloor, 16 * 1024 * 1024);
        _ring = ArrayPool<byte>.Shared.Rent(_ringSize);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>ngx_event_pipe_read_upstream: read while there is room in memory or the temp file, until the body ends.</summary>
    private async Task PumpAsync()
    {
        byte[]? spill = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            while (true)
            {
                Memory<byte> target;
                bool toFile;
                Task? room = null;
                lock (_gate)
                {
                    if (_count == 0) _head = 0;
                    var tail = (_head + _count) % _ringSize;
                    if (_fileWritten == _fileRead && _count < _ringSize)
                    {
                        (target, toFile) = (_ring.AsMemory(tail, tail >= _head ? _ringSize - tail : _head - tail), false);
                    }
                    else if (_settings.MaxTempFileSize > 0 && _fileWritten < _settings.MaxTempFileSize)
                    {
                        spill ??= ArrayPool<byte>.Shared.Rent(SpillReadSize);
                        (target, toFile) = (spill.AsMemory(0, SpillReadSize), true);
                    }
                    else
                    {
                        // memory and temp file full: ngx_event_pipe waits for the client to free a buffer
                        _roomMade = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        room = _roomMade.Task;
                        (target, toFile) = (default, false);
                    }
                }
                if (room is not null)
                {
                    await room.WaitAsync(_stop.Token);
                    continue;
                }

                timeout.CancelAfter(_readTimeout);
                int read;
                try
                {
                    read = await _upstream.ReadAsync(target, timeout.Token);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    throw new TimeoutException("upstream timed out (110: Connection timed out) while reading upstream");
                }
                timeout.CancelAfter(Timeout.InfiniteTimeSpan);
                if (read == 0) break;

                if (toFile)
                {
                    _file ??= OpenTempFile();
                    await RandomAccess.WriteAsync(_file, target[..read], _fileWritten, _stop.Token);
                }
                TaskCompletionSource? waiter;
                lock (_gate)
                {
                    if (toFile) _fileWritten += read;
                    else _count += read;
                    (waiter, _dataArrived) = (_dataArrived, null);
                }
                waiter?.TrySetResult();
            }
        }
        catch (Exception e)
        {
            lock (_gate) _failure = e;
        }
        finally
        {
            if (spill is not null) ArrayPool<byte>.Shared.Return(spill);
            TaskCompletionSource? waiter;
            lock (_gate)
            {
                _ended = true;
                (waiter, _dataArrived) = (_dataArrived, null);
            }
            waiter?.TrySetResult();
            // the whole body read (or given up on): the peer's connection goes back to its pool, or is closed
            await _upstream.DisposeAsync();
        }
    }

    /// <summary>ngx_create_temp_file: a file of its own under proxy_temp_path, unlinked at once (nginx's non-persistent temp file), so it goes with its handle.</summary>
    private SafeFileHandle OpenTempFile()
    {
        var path = Path.Combine(_settings.TempPath, Guid.NewGuid().ToString("N"));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.Asynchronous);
        File.Delete(path);
        return handle;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return 0;
        while (true)
        {
            Task arrived;
            long fileAt;
            int wanted;
            Exception? failed = null;
            lock (_gate)
            {
                if (_count > 0)
                {
                    var n = Math.Min(buffer.Length, Math.Min(_count, _ringSize - _head));
                    _ring.AsSpan(_head, n).CopyTo(buffer.Span);
                    _head = (_head + n) % _ringSize;
                    _count -= n;
                    MadeRoom();
                    return n;
                }
                if (_fileRead < _fileWritten)
                {
                    fileAt = _fileRead;
                    wanted = (int)Math.Min(buffer.Length, _fileWritten - _fileRead);
                    arrived = Task.CompletedTask;
                }
                else if (_ended)
                {
                    if (_failure is null) return 0;
                    (failed, fileAt, wanted, arrived) = (_failure, -1, 0, Task.CompletedTask);
                }
                else
                {
                    _dataArrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    arrived = _dataArrived.Task;
                    (fileAt, wanted) = (-1, 0);
                }
            }
            if (failed is not null)
            {
                // the peer cut its body short (not a timeout): what arrived is all sent, the body may end here
                if (failed is not TimeoutException && await _endsQuietly()) return 0;
                throw new IOException(failed.Message, failed);
            }
            if (fileAt >= 0)
            {
                var got = await RandomAccess.ReadAsync(_file!, buffer[..wanted], fileAt, cancellationToken);
                lock (_gate)
                {
                    _fileRead += got;
                    MadeRoom();
                }
                return got;
            }
            await arrived.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Wakes the pump if it waits for room (under the lock).</summary>
    private void MadeRoom()
    {
        if (_roomMade is not { } waiter) return;
        _roomMade = null;
        waiter.TrySetResult();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Release();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Release();
        return base.DisposeAsync();
    }

    private bool _released;

    /// <summary>The forwarder is done (the client has it all, or is gone): stop reading the peer, then let go of the memory and the file.</summary>
    private void Release()
    {
        if (_released) return;
        _released = true;
        _stop.Cancel();
        _pump.ContinueWith(_ =>
        {
            _file?.Dispose();
            ArrayPool<byte>.Shared.Return(_ring);
            _stop.Dispose();
        }, TaskScheduler.Default);
    }
}
