using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Win32.SafeHandles;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// The client's side of nginx's event pipe with <c>proxy_buffering on</c> (ngx_event_pipe_write_to_downstream,
/// ngx_event_pipe_write_chain_to_temp_file): what the forwarder reads from the peer is written to the client at
/// once when the client takes it, and only what the client does not take yet is kept, in memory (at least
/// <see cref="MemoryFloor"/>, or all of <c>proxy_buffers</c>), then in a temp file of up to
/// <c>proxy_max_temp_file_size</c>, while a drain writes it to the client in order. So the forwarder reads the
/// peer as fast as it sends, and the peer is free (its connection back in the keepalive pool) once it has sent it
/// all, whatever the client takes; only when memory and temp file are both full does a write wait for the client.
/// A client that keeps up costs nothing more than streaming: its writes go straight through, no copy, no file.
/// <see cref="FinishAsync"/> waits until the client has been sent everything (or is gone: send_timeout).
/// Without buffering (<paramref name="buffering"/> null: <c>proxy_buffering off</c>, <c>X-Accel-Buffering: no</c>)
/// every write just goes to the client.
/// </summary>
/// <param name="client">The client's response body (send_timeout's), written by this stream alone.</param>
/// <param name="clientStart">Starts the client's response (the body feature <paramref name="client"/> writes to): once this
/// stream is the response's body, <c>HttpResponse.StartAsync</c> only flushes it (StreamResponseBodyFeature).</param>
/// <param name="clientCopies">The client's stream is the server's own, which takes the bytes of a write before the
/// write completes (only its flush waits for the client): a pending write leaves the forwarder's buffer free.
/// Otherwise (body filters, pacing) a pending write may still read the buffer, so a copy is written. Asked on each
/// direct write, after the head went out: only then do the body filters know whether they take the response.</param>
/// <param name="buffering">The response's buffering, known once the peer's head arrived (asked on each write).</param>
internal sealed class BufferedResponseBody(Stream client, HttpResponse response, IHttpResponseBodyFeature clientStart, Func<bool> clientCopies,
    Func<ResponseBuffering?> buffering)
    : Http.WriteOnlyStream
{
    /// <summary>
    /// The least memory a response is buffered in before the temp file: with nginx's default 8 4k a 1 MB response
    /// spilled to disk and back whenever the client fell a little behind; the client and the peer see no
    /// difference, only the memory a slow client holds.
    /// </summary>
    private const long MemoryFloor = 256 * 1024;

    /// <summary>The most read back from the temp file at once.</summary>
    private const int FileReadSize = 64 * 1024;

    private readonly object _gate = new();
    private readonly Queue<(byte[] Array, int Length)> _memory = new();
    private long _memoryHeld;
    private SafeFileHandle? _file;
    private long _fileWritten, _fileRead;

    /// <summary>A drain owns the client's writes (one is pending, or bytes wait): new bytes are queued behind it.</summary>
    private volatile bool _draining;
    private Task _drain = Task.CompletedTask;
    private Exception? _failure;
    private TaskCompletionSource? _roomMade;
    private bool _released;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffering() is not { } settings) return client.WriteAsync(buffer, cancellationToken);
        if (buffer.Length == 0) return default;
        if (_draining || !response.HasStarted) return QueueAsync(buffer, settings, cancellationToken);
        WriteDirect(buffer);
        return default;
    }

    /// <summary>
    /// The client takes the bytes now (the usual case) or a drain is started on the pending write. Only the
    /// forwarder's writes start a drain, and none runs now: nothing waits to be written before these bytes.
    /// </summary>
    private void WriteDirect(ReadOnlyMemory<byte> buffer)
    {
        byte[]? copy = null;
        if (!clientCopies())
        {
            copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
            buffer.CopyTo(copy);
            buffer = copy.AsMemory(0, buffer.Length);
        }
        var write = client.WriteAsync(buffer);
        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            if (copy is not null) ArrayPool<byte>.Shared.Return(copy);
            return;
        }
        lock (_gate)
        {
            _draining = true;
            _drain = DrainAsync(write.AsTask(), copy);
        }
    }

    /// <summary>The client is behind: the bytes wait in memory, or in the temp file, or (both full) for room.</summary>
    private async ValueTask QueueAsync(ReadOnlyMemory<byte> buffer, ResponseBuffering settings, CancellationToken cancellationToken)
    {
        // the head goes first (Kestrel's first write runs the OnStarting callbacks before it takes the bytes)
        if (!response.HasStarted) await clientStart.StartAsync(cancellationToken);
        var memory = Math.Max(settings.MemoryCapacity, MemoryFloor);
        while (true)
        {
            Task? room = null;
            lock (_gate)
            {
                if (_failure is not null) throw new IOException(_failure.Message, _failure);
                if (_draining && _fileRead == _fileWritten && _memoryHeld + buffer.Length <= memory)
                {
                    var copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
                    buffer.CopyTo(copy);
                    _memory.Enqueue((copy, buffer.Length));
                    _memoryHeld += buffer.Length;
                    return;
                }
                if (_draining && (settings.MaxTempFileSize == 0 || _fileWritten >= settings.MaxTempFileSize))
                {
                    // memory and temp file full: ngx_event_pipe_read_upstream waits for the client to free a buffer
                    _roomMade = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    room = _roomMade.Task;
                }
            }
            if (room is null) break;
            await room.WaitAsync(cancellationToken);
        }
        if (!_draining)
        {
            // nothing waits (the drain ended): these bytes go straight to the client; only this writer starts a drain
            WriteDirect(buffer);
            return;
        }

        // ngx_event_pipe_write_chain_to_temp_file: after what the file holds, read back by the drain in order
        _file ??= OpenTempFile(settings.TempPath);
        await RandomAccess.WriteAsync(_file, buffer, _fileWritten, cancellationToken);
        lock (_gate)
        {
            _fileWritten += buffer.Length;
            // the drain may have ended while the bytes were written: one takes them from the file
            if (!_draining && _failure is null)
            {
                _draining = true;
                _drain = Task.Run(() => DrainAsync(Task.CompletedTask, null));
            }
        }
    }

    /// <summary>ngx_create_temp_file: a file of its own under proxy_temp_path, unlinked at once (nginx's non-persistent temp file), so it goes with its handle.</summary>
    private static SafeFileHandle OpenTempFile(string directory)
    {
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.Asynchronous);
        File.Delete(path);
        return handle;
    }

    /// <summary>
    /// Writes to the client, in order, the pending write's rest, then the memory, then the temp file, until
    /// nothing waits; a write the client does not take within send_timeout ends it (the connection is aborted).
    /// </summary>
    private async Task DrainAsync(Task pending, byte[]? owned)
    {
        byte[]? fileBuffer = null;
        try
        {
            await pending;
            if (owned is not null) ArrayPool<byte>.Shared.Return(owned);
            while (true)
            {
                (byte[] Array, int Length) segment;
                long fileAt;
                int wanted;
                lock (_gate)
                {
                    if (_memory.TryDequeue(out segment))
                    {
                        _memoryHeld -= segment.Length;
                        MadeRoom();
                        (fileAt, wanted) = (-1, 0);
                    }
                    else if (_fileRead < _fileWritten)
                    {
                        fileAt = _fileRead;
                        wanted = (int)Math.Min(FileReadSize, _fileWritten - _fileRead);
                    }
                    else
                    {
                        _draining = false;
                        return;
                    }
                }
                if (fileAt < 0)
                {
                    await client.WriteAsync(segment.Array.AsMemory(0, segment.Length));
                    ArrayPool<byte>.Shared.Return(segment.Array);
                    continue;
                }
                fileBuffer ??= ArrayPool<byte>.Shared.Rent(FileReadSize);
                var got = await RandomAccess.ReadAsync(_file!, fileBuffer.AsMemory(0, wanted), fileAt);
                if (got == 0) throw new IOException("the temp file ended early");
                await client.WriteAsync(fileBuffer.AsMemory(0, got));
                lock (_gate)
                {
                    _fileRead += got;
                    MadeRoom();
                }
            }
        }
        catch (Exception e)
        {
            // the client is gone (or timed out): later writes fail, and a write waiting for room wakes to fail
            lock (_gate)
            {
                _failure = e;
                MadeRoom();
            }
        }
        finally
        {
            if (fileBuffer is not null) ArrayPool<byte>.Shared.Return(fileBuffer);
        }
    }

    /// <summary>Wakes the forwarder if its write waits for room (under the lock).</summary>
    private void MadeRoom()
    {
        if (_roomMade is not { } waiter) return;
        _roomMade = null;
        waiter.TrySetResult();
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        // a drain's writes flush (Kestrel's write is a flush); otherwise a flush that waits for the client is one more write to drain
        if (buffering() is null) return client.FlushAsync(cancellationToken);
        // before the first byte a flush is HttpResponse.StartAsync's: the head is made (the header filters run) and goes with the body
        if (!response.HasStarted) return clientStart.StartAsync(cancellationToken);
        if (_draining) return Task.CompletedTask;
        var flush = client.FlushAsync(CancellationToken.None);
        if (flush.IsCompletedSuccessfully) return flush;
        lock (_gate)
        {
            _draining = true;
            _drain = DrainAsync(flush, null);
        }
        return Task.CompletedTask;
    }

    /// <summary>Waits until everything queued was written to the client, or the client is gone; true when it has it all.</summary>
    public async Task<bool> FinishAsync()
    {
        Task drain;
        lock (_gate) drain = _drain;
        await drain;
        lock (_gate) return _failure is null && !_draining;
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

    /// <summary>Lets go of the memory and the file once the drain has ended.</summary>
    private void Release()
    {
        lock (_gate)
        {
            if (_released) return;
            _released = true;
        }
        _drain.ContinueWith(_ =>
        {
            lock (_gate)
            {
                while (_memory.TryDequeue(out var segment)) ArrayPool<byte>.Shared.Return(segment.Array);
                _file?.Dispose();
            }
        }, TaskScheduler.Default);
    }
}
