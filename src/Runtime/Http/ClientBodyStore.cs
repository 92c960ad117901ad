using System.Buffers;
using Microsoft.Win32.SafeHandles;
using ProxyServer.Runtime.Locations;

namespace ProxyServer.Runtime.Http;

/// <summary>
/// A request body read whole, kept where ngx_http_read_client_request_body keeps it: in one memory buffer when it
/// fits <c>client_body_buffer_size</c>, else (or always, with <c>client_body_in_file_only</c>) in a temp file under
/// <c>client_body_temp_path</c> (ngx_http_write_request_body). The bytes are copied once, from Kestrel's pipe into
/// the pooled buffer or straight to the file with one gathered write per read (pwritev: no copy in our memory);
/// <see cref="OpenRead"/> hands the same buffer or file back as a seekable stream for each peer.
/// </summary>
internal sealed class ClientBodyStore : IDisposable
{
    private readonly int _memoryLimit;
    private readonly ClientBodyFiles _files;
    private readonly List<ReadOnlyMemory<byte>> _gather = [];
    private byte[]? _memory;
    private SafeFileHandle? _file;

    /// <summary>The temp file's name (<c>$request_body_file</c>), null while the body is in memory.</summary>
    public string? FileName { get; private set; }

    /// <summary>The bytes kept so far.</summary>
    public long Length { get; private set; }

    /// <summary>In memory: the whole body, for <c>$request_body</c> and the modules that inspect it.</summary>
    public ReadOnlyMemory<byte> Memory => _file is null && _memory is not null ? _memory.AsMemory(0, (int)Length) : ReadOnlyMemory<byte>.Empty;

    private ClientBodyStore(int memoryLimit, ClientBodyFiles files)
    {
        _memoryLimit = memoryLimit;
        _files = files;
    }

    /// <summary>
    /// A store for a body of <paramref name="declared"/> bytes (null: chunked, unknown): nginx's rb->buf is
    /// <c>client_body_buffer_size</c>, or the declared length when that is smaller.
    /// </summary>
    public static ClientBodyStore Create(CoreLocationSettings core, long? declared)
    {
        var limit = (int)Math.Min(core.ClientBodyBufferSize, Array.MaxLength);
        return new ClientBodyStore(limit, new ClientBodyFiles(core.ClientBodyTempPath, core.ClientBodyInFileOnly))
        {
            _memory = core.ClientBodyInFileOnly != ClientBodyInFileOnly.Off || declared is not { } length || length > limit
                ? null
                : ArrayPool<byte>.Shared.Rent((int)length),
        };
    }

    /// <summary>
    /// Keeps the bytes of one read. Returns null, or the log line of a temp file that could not be made or
    /// written (nginx answers 500 then); <paramref name="spilled"/> is the file's name the first time the body
    /// goes to one.
    /// </summary>
    public string? Append(in ReadOnlySequence<byte> data, out string? spilled)
    {
        spilled = null;
        if (data.IsEmpty) return null;
        if (_file is null)
        {
            if (_files.InFileOnly == ClientBodyInFileOnly.Off && Length + data.Length <= _memoryLimit)
            {
                if (_memory is null || _memory.Length < Length + data.Length) Grow((int)(Length + data.Length));
                data.CopyTo(_memory.AsSpan((int)Length));
                Length += data.Length;
                return null;
            }
            if (_files.Create(out var name) is not { } file) return name;
            (_file, FileName, spilled) = (file, name, name);
            if (_memory is not null)
            {
                if (Length > 0 && Write(_memory.AsMemory(0, (int)Length), 0) is { } failed) return failed;
                ArrayPool<byte>.Shared.Return(_memory);
                _memory = null;
            }
        }
        _gather.Clear();
        foreach (var segment in data) _gather.Add(segment);
        try
        {
            RandomAccess.Write(_file, _gather, Length);
        }
        catch (IOException e)
        {
            return $"pwritev() \"{FileName}\" failed ({e.Message})";
        }
        Length += data.Length;
        return null;
    }

    /// <summary>An empty body with <c>client_body_in_file_only</c> still gets its (empty) file, as in nginx.</summary>
    public string? EnsureFile(out string? made)
    {
        made = null;
        if (_file is not null || _files.InFileOnly == ClientBodyInFileOnly.Off) return null;
        if (_files.Create(out var name) is not { } file) return name;
        (_file, FileName, made) = (file, name, name);
        return null;
    }

    private string? Write(ReadOnlyMemory<byte> bytes, long offset)
    {
        try
        {
            RandomAccess.Write(_file!, bytes.Span, offset);
            return null;
        }
        catch (IOException e)
        {
            return $"pwrite() \"{FileName}\" failed ({e.Message})";
        }
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_memoryLimit, Math.Max(needed, _memory is null ? 4096 : _memory.Length * 2)));
        if (_memory is not null)
        {
            _memory.AsSpan(0, (int)Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_memory);
        }
        _memory = bigger;
    }

    /// <summary>The kept body from its start, seekable (each peer gets it from the start again).</summary>
    public Stream OpenRead() => _file is not null
        ? new FileStream(_file, FileAccess.Read, bufferSize: 0)
        : new MemoryStream(_memory ?? [], 0, (int)Length, writable: false);

    /// <summary>Reads the body whole (from memory without a copy).</summary>
    public async Task<ReadOnlyMemory<byte>> BytesAsync(CancellationToken cancellation)
    {
        if (_file is null) return Memory;
        var bytes = new byte[Length];
        await RandomAccess.ReadAsync(_file, bytes, 0, cancellation);
        return bytes;
    }

    public void Dispose()
    {
        if (_memory is not null) ArrayPool<byte>.Shared.Return(_memory);
        _memory = null;
        _file?.Dispose();
        _file = null;
        // client_body_in_file_only clean: deleted with the request (ngx_pool_delete_file); on: kept.
        if (FileName is not null && _files.InFileOnly == ClientBodyInFileOnly.Clean)
        {
            try { File.Delete(FileName); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>
/// ngx_create_temp_file for request bodies: a ten-digit name under <c>client_body_temp_path</c>, spread into its
/// level directories (ngx_create_hashed_filename: each level takes the name's last digits), the directories made
/// when missing (ngx_create_path). A body that is not kept (no <c>client_body_in_file_only</c>) is unlinked as
/// soon as it is open (ngx_open_tempfile with persistent off), so nothing is left behind.
/// </summary>
internal readonly record struct ClientBodyFiles(ClientBodyTempPath Path, ClientBodyInFileOnly InFileOnly)
{
    /// <summary>The open file, or null with the crit line nginx logs in <paramref name="name"/>.</summary>
    public SafeFileHandle? Create(out string name)
    {
        for (var attempt = 0; ; attempt++)
        {
            // nginx counts; a random number serves the same purpose without state shared between requests.
            var number = Random.Shared.NextInt64(0, 10_000_000_000).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
            name = Path.FileName(number);
            try
            {
                var file = File.OpenHandle(name, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite);
                if (InFileOnly == ClientBodyInFileOnly.Off) File.Delete(name);
                return file;
            }
            catch (IOException) when (File.Exists(name) && attempt < 100)
            {
            }
            catch (DirectoryNotFoundException) when (attempt < 100)
            {
                try
                {
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(name)!);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    name = $"mkdir() \"{System.IO.Path.GetDirectoryName(name)}\" failed ({e.Message})";
                    return null;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                name = $"open() \"{name}\" failed ({e.Message})";
                return null;
            }
        }
    }
}

/// <summary><c>client_body_temp_path path [level1 [level2 [level3]]]</c>, the path resolved against the prefix.</summary>
public sealed record ClientBodyTempPath(string Directory, IReadOnlyList<int> Levels)
{
    /// <summary>The file of a ten-digit temp number (ngx_create_hashed_filename).</summary>
    public string FileName(string number)
    {
        var path = Directory;
        var end = number.Length;
        foreach (var level in Levels)
        {
            end -= level;
            path = Path.Combine(path, number.Substring(end, level));
        }
        return Path.Combine(path, number);
    }
}

/// <summary><c>client_body_in_file_only</c>: off, on (the file is kept), clean (deleted with the request).</summary>
public enum ClientBodyInFileOnly { Off, On, Clean }
