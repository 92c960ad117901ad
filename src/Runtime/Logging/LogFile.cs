using System.Text;

namespace ProxyServer.Runtime.Logging;

/// <summary>
/// An append-only log file. A compile makes one per path it names (or reuses the one the process
/// already has open, so a reload does not reopen it); the file is opened by the process that
/// serves the model (<see cref="LogFiles"/>), or on first write. <c>stderr</c> and
/// <c>/dev/stderr</c> write to the process's standard error.
/// </summary>
public sealed class LogFile(string path)
{
    private readonly object _gate = new();
    private Stream? _stream;
    private bool _retired;

    public string Path { get; } = path;

    /// <summary>Opens the file now (nginx opens logs at start and fails with <c>open() "..." failed</c>).</summary>
    public string? TryOpen()
    {
        lock (_gate)
        {
            if (_stream is not null) return null;
            try
            {
                _stream = Open();
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var code = e is DirectoryNotFoundException or FileNotFoundException ? "2: No such file or directory" : e is UnauthorizedAccessException ? "13: Permission denied" : e.Message;
                return $"open() \"{Path}\" failed ({code})";
            }
        }
    }

    private Stream Open() => Path is "stderr" or "/dev/stderr"
        ? Console.OpenStandardError()
        : new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    public void WriteLine(string line)
    {
        var bytes = Encoding.Latin1.GetBytes(line + "\n");
        lock (_gate)
        {
            try
            {
                if (_retired)
                {
                    // A request still running on a replaced model: its line is kept, the file not held open.
                    using var once = Open();
                    once.Write(bytes);
                    return;
                }
                if (_stream is null && TryOpen() is not null) return;
                _stream!.Write(bytes);
                _stream.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk must not take the server down; nginx drops the line too.
            }
        }
    }

    /// <summary>
    /// Appends one line to a file opened for it alone and closed again (a log named by variables, as nginx
    /// writes one without <c>open_log_file_cache</c>); a file that cannot be opened loses the line.
    /// </summary>
    public static void AppendOnce(string path, string line)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            stream.Write(Encoding.Latin1.GetBytes(line + "\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // nginx logs open() failed at [crit] and drops the line; a full disk must not fail the request.
        }
    }

    /// <summary>USR1: close and open again, so a rotated file is let go.</summary>
    internal void Reopen()
    {
        lock (_gate)
        {
            if (Path is "stderr" or "/dev/stderr" || _retired) return;
            _stream?.Dispose();
            _stream = null;
            TryOpen();
        }
    }

    internal void Flush()
    {
        lock (_gate)
            try { _stream?.Flush(); } catch (IOException) { }
    }

    /// <summary>No serving model names this file any more: close it (nginx closes the old cycle's files).</summary>
    internal void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            if (Path is "stderr" or "/dev/stderr") return;
            try { _stream?.Dispose(); } catch (IOException) { }
            _stream = null;
        }
    }
}

/// <summary>
/// The log files a process has open, by path: what the serving model writes to. A compile looks a
/// path up here to reuse the open file; the process adds the files of each model it starts serving
/// and retires those the serving model no longer names. USR1 reopens them all.
/// </summary>
public sealed class LogFiles
{
    private readonly Dictionary<string, LogFile> _open = new(StringComparer.Ordinal);

    /// <summary>The open file for <paramref name="path"/>, or null.</summary>
    public LogFile? Find(string path)
    {
        lock (_open) return _open.GetValueOrDefault(path);
    }

    /// <summary>Takes the files of a model about to serve (the ones already here are the same objects).</summary>
    public void Adopt(IEnumerable<LogFile> files)
    {
        lock (_open)
            foreach (var file in files) _open.TryAdd(file.Path, file);
    }

    /// <summary>Closes and forgets every file not in <paramref name="inUse"/>.</summary>
    public void RetainOnly(IReadOnlyCollection<LogFile> inUse)
    {
        List<LogFile> retired;
        lock (_open)
        {
            retired = [.. _open.Values.Where(f => !inUse.Contains(f))];
            foreach (var file in retired) _open.Remove(file.Path);
        }
        foreach (var file in retired) file.Retire();
    }

    public void ReopenAll()
    {
        foreach (var file in Snapshot()) file.Reopen();
    }

    public void FlushAll()
    {
        foreach (var file in Snapshot()) file.Flush();
    }

    private List<LogFile> Snapshot()
    {
        lock (_open) return [.. _open.Values];
    }
}
