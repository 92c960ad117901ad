using System.Collections.Concurrent;
using System.Text;

namespace ProxyServer.Runtime.Logging;

/// <summary>
/// An append-only log file shared by every model that names it (a reload does not reopen it);
/// <see cref="ReopenAll"/> is USR1: close and open again so rotated files are let go.
/// <c>stderr</c> and <c>/dev/stderr</c> write to the process's standard error.
/// </summary>
public sealed class LogFile
{
    private static readonly ConcurrentDictionary<string, LogFile> Open = new(StringComparer.Ordinal);

    private readonly object _gate = new();
    private Stream? _stream;

    private LogFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>The shared writer for <paramref name="path"/>; opening errors surface on first use via <see cref="TryOpen"/>.</summary>
    public static LogFile For(string path) => Open.GetOrAdd(path, p => new LogFile(p));

    /// <summary>Opens the file now (nginx opens logs at start and fails with <c>open() "..." failed</c>).</summary>
    public string? TryOpen()
    {
        lock (_gate)
        {
            if (_stream is not null) return null;
            try
            {
                _stream = Path is "stderr" or "/dev/stderr"
                    ? Console.OpenStandardError()
                    : new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var code = e is DirectoryNotFoundException or FileNotFoundException ? "2: No such file or directory" : e is UnauthorizedAccessException ? "13: Permission denied" : e.Message;
                return $"open() \"{Path}\" failed ({code})";
            }
        }
    }

    public void WriteLine(string line)
    {
        var bytes = Encoding.Latin1.GetBytes(line + "\n");
        lock (_gate)
        {
            if (_stream is null && TryOpen() is not null) return;
            try
            {
                _stream!.Write(bytes);
                _stream.Flush();
            }
            catch (IOException)
            {
                // A full disk must not take the server down; nginx drops the line too.
            }
        }
    }

    private void Reopen()
    {
        lock (_gate)
        {
            if (Path is "stderr" or "/dev/stderr") return;
            _stream?.Dispose();
            _stream = null;
            TryOpen();
        }
    }

    public static void ReopenAll()
    {
        foreach (var file in Open.Values) file.Reopen();
    }

    public static void FlushAll()
    {
        foreach (var file in Open.Values)
            lock (file._gate)
                try { file._stream?.Flush(); } catch (IOException) { }
    }
}
