using System.Text;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Logging;

/// <summary>
/// <c>open_log_file_cache max=N [inactive=T] [min_uses=N] [valid=T]</c>: the files of logs named by variables kept open
/// (ngx_open_cached_file as the log module uses it). A name used <c>min_uses</c> times within <c>inactive</c> keeps
/// its file open, so lines go on reaching it when it is renamed; at most <c>max</c> names are remembered, the least
/// recently used forgotten first; an open file is opened again after <c>valid</c>.
/// </summary>
public sealed class OpenLogFileCache(int max, TimeSpan inactive, int minUses, TimeSpan valid)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recency = new();

    private sealed class Entry(LinkedListNode<string> node)
    {
        public LinkedListNode<string> Node { get; } = node;
        public int Uses { get; set; }
        public DateTime LastUsed { get; set; }
        public DateTime Opened { get; set; }
        public FileStream? Stream { get; set; }
    }

    /// <summary>ngx_http_log_open_file_cache: null for <c>off</c>; nginx's message for a bad parameter or a missing <c>max</c>.</summary>
    public static OpenLogFileCache? Compile(ConfigDirective directive, CompileContext context)
    {
        int max = 0, minUses = 1;
        var inactive = TimeSpan.FromSeconds(10);
        var valid = TimeSpan.FromSeconds(60);
        var off = false;
        foreach (var arg in directive.Args)
        {
            var value = arg.Value;
            bool ok;
            if (value.StartsWith("max=", StringComparison.Ordinal)) ok = int.TryParse(value[4..], System.Globalization.NumberStyles.None, null, out max);
            else if (value.StartsWith("inactive=", StringComparison.Ordinal)) ok = Seconds(value[9..], out inactive);
            else if (value.StartsWith("min_uses=", StringComparison.Ordinal)) ok = int.TryParse(value[9..], System.Globalization.NumberStyles.None, null, out minUses);
            else if (value.StartsWith("valid=", StringComparison.Ordinal)) ok = Seconds(value[6..], out valid);
            else ok = off = value == "off";
            if (!ok)
            {
                context.Error($"invalid \"open_log_file_cache\" parameter \"{value}\"", directive.Position);
                return null;
            }
        }
        if (off) return null;
        if (max == 0)
        {
            context.Error("\"open_log_file_cache\" must have \"max\" parameter", directive.Position);
            return null;
        }
        return new OpenLogFileCache(max, inactive, minUses, valid);
    }

    private static bool Seconds(string text, out TimeSpan value) => NginxTime.TryParseSeconds(text, out value);

    /// <summary>Appends one line to the file at <paramref name="path"/>; a file that cannot be opened loses the line.</summary>
    public void Append(string path, string line)
    {
        var bytes = Encoding.Latin1.GetBytes(line + "\n");
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            try
            {
                if (_entries.TryGetValue(path, out var entry) && now - entry.LastUsed > inactive)
                {
                    Forget(path, entry);
                    entry = null;
                }
                if (entry is null)
                {
                    // ngx_open_cached_file: a name whose file cannot be opened is not remembered; a new one pushes
                    // out the least recently used name when the cache is full
                    var opened = Open(path);
                    if (_entries.Count >= max && _recency.Last is { } oldest) Forget(oldest.Value, _entries[oldest.Value]);
                    entry = new Entry(_recency.AddFirst(path)) { Stream = opened, Opened = now };
                    _entries[path] = entry;
                }
                else
                {
                    _recency.Remove(entry.Node);
                    _recency.AddFirst(entry.Node);
                    if (entry.Stream is not null && now - entry.Opened > valid)
                    {
                        entry.Stream.Dispose();
                        entry.Stream = null;
                    }
                    if (entry.Stream is null)
                    {
                        entry.Stream = Open(path);
                        entry.Opened = now;
                    }
                }
                entry.Uses++;
                entry.LastUsed = now;
                entry.Stream!.Write(bytes);
                entry.Stream.Flush();
                // below min_uses the file is closed after the line (its name is still counted)
                if (entry.Uses < minUses)
                {
                    entry.Stream.Dispose();
                    entry.Stream = null;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // nginx logs open() failed at [crit] and drops the line; a full disk must not fail the request.
            }
        }
    }

    private static FileStream Open(string path) => new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    private void Forget(string path, Entry entry)
    {
        entry.Stream?.Dispose();
        _recency.Remove(entry.Node);
        _entries.Remove(path);
    }
}
