using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// Writes one entry as its body streams from the upstream (nginx's temp file beside the entry, then
/// ngx_http_file_cache_update's rename): the header first, then every block the client is also sent.
/// A write that fails (a full disk, a directory that cannot be written) is logged once and drops the
/// entry; the client's response goes on. Only a body that ended as announced takes its place: an
/// upstream that resets mid-body, or a client that leaves before it, leaves no entry.
/// </summary>
public sealed class CacheEntryWriter : Upstream.IUpstreamBodyCopy
{
    private readonly NginxRequest _request;
    private readonly string _path;
    private readonly string _temp;
    private readonly long? _announced;
    private readonly Action<long, bool> _done;
    private FileStream? _file;
    private long _written;
    private bool _finished;

    private CacheEntryWriter(NginxRequest request, string path, string temp, FileStream file, long? announced, Action<long, bool> done)
    {
        _request = request;
        _path = path;
        _temp = temp;
        _file = file;
        _announced = announced;
        _done = done;
    }

    /// <summary>Opens the temp file and writes the header; null (logged) when it cannot.</summary>
    public static CacheEntryWriter? Create(NginxRequest request, string path, CacheEntryHeader header, long? announced, Action<long, bool> done)
    {
        var temp = $"{path}.{Random.Shared.NextInt64():x16}";
        FileStream? file = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024);
            CacheEntryFile.WriteHeader(file, header);
            return new CacheEntryWriter(request, path, temp, file, announced, done);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            request.Log(LogLevel.Crit, $"open() \"{temp}\" failed ({Errno(e)})");
            if (file is not null) Delete(file, temp);
            return null;
        }
    }

    /// <summary>Copies a block the client is sent; the first failure drops the entry.</summary>
    public void Write(ReadOnlySpan<byte> block)
    {
        if (_file is null || block.IsEmpty) return;
        try
        {
            _file.Write(block);
            _written += block.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _request.Log(LogLevel.Crit, $"write() \"{_temp}\" failed ({Errno(e)})");
            Abort();
        }
    }

    /// <summary>The upstream body ended: a complete one becomes the entry, a short one is dropped.</summary>
    public void Complete()
    {
        if (_finished) return;
        if (_file is null || (_announced is { } length && length != _written))
        {
            Abort();
            return;
        }
        try
        {
            CacheEntryFile.Complete(_file, _written);
            _file.Flush();
            var size = _file.Length;
            _file.Dispose();
            _file = null;
            File.Move(_temp, _path, overwrite: true);
            _finished = true;
            _done(size, true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _request.Log(LogLevel.Crit, $"rename() \"{_temp}\" to \"{_path}\" failed ({Errno(e)})");
            Abort();
        }
    }

    ValueTask Upstream.IUpstreamBodyCopy.WriteAsync(ReadOnlyMemory<byte> block)
    {
        Write(block.Span);
        return default;
    }

    ValueTask Upstream.IUpstreamBodyCopy.CompleteAsync()
    {
        Complete();
        return default;
    }

    /// <summary>The body did not end as it should (reset, timeout, client gone): no entry.</summary>
    public void Abort()
    {
        if (_finished) return;
        _finished = true;
        if (_file is { } file) Delete(file, _temp);
        else TryDelete(_temp);
        _file = null;
        _done(0, false);
    }

    private static void Delete(FileStream file, string temp)
    {
        try
        {
            file.Dispose(); // flushes what it buffered: on a full disk that fails again
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        TryDelete(temp);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>nginx's "(errno: text)" for the failures a cache write meets.</summary>
    private static string Errno(Exception e) => e switch
    {
        UnauthorizedAccessException => "13: Permission denied",
        IOException io when io.HResult == 28 || io.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => "28: No space left on device",
        DirectoryNotFoundException => "2: No such file or directory",
        _ => e.Message,
    };
}
