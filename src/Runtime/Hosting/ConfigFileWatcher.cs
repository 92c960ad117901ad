using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Hosting;

/// <summary>
/// <c>--watch-config</c>: reloads when any file the last load read (the main file and every
/// include) changes. It polls size and modification time once a second rather than using inotify,
/// because editors save by rename (which a file watch on the old inode misses) and a poll of a few
/// dozen files costs nothing. Each load records the files it read, so a reload that brings in a new
/// include starts watching it, and a broken edit is not retried until the file changes again.
/// </summary>
public sealed class ConfigFileWatcher : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Func<string, Task<bool>> _reload;
    private readonly Timer _timer;
    private readonly object _gate = new();
    private IReadOnlyList<(string Path, long Length, DateTime Modified)> _loaded = [];
    private int _polling;

    public ConfigFileWatcher(Func<string, Task<bool>> reload)
    {
        _reload = reload;
        _timer = new Timer(_ => _ = PollAsync(), null, Interval, Interval);
    }

    /// <summary>Give this to <see cref="ConfigSource.Loaded"/>: remembers what a load read.</summary>
    public void Remember(ConfigTree tree)
    {
        var paths = tree.Files.Select(f => f.Path).Prepend(tree.Root.Path).Distinct(StringComparer.Ordinal);
        var stamps = paths.Select(Stamp).ToList();
        lock (_gate) _loaded = stamps;
    }

    private async Task PollAsync()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1) return;
        try
        {
            IReadOnlyList<(string Path, long Length, DateTime Modified)> loaded;
            lock (_gate) loaded = _loaded;
            var changed = loaded.FirstOrDefault(stamp => Stamp(stamp.Path) != stamp).Path;
            if (changed is not null)
                await _reload($"configuration file {changed} changed, reconfiguring");
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    private static (string Path, long Length, DateTime Modified) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (path, info.Length, info.LastWriteTimeUtc) : (path, -1, DateTime.MinValue);
    }

    public void Dispose() => _timer.Dispose();
}
