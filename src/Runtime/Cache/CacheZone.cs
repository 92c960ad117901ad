using System.Security.Cryptography;
using System.Text;

namespace ProxyServer.Runtime.Cache;

/// <summary>How <see cref="CacheZone.OpenAsync"/> found a key (nginx's ngx_http_file_cache_open results).</summary>
public enum CacheOpenKind
{
    /// <summary>A valid entry: serve it.</summary>
    Hit,
    /// <summary>Expired, and this request updates it (NGX_HTTP_CACHE_STALE): it goes upstream, the entry may be served stale.</summary>
    Stale,
    /// <summary>Expired while another request updates it (NGX_HTTP_CACHE_UPDATING).</summary>
    Updating,
    /// <summary>No entry: go upstream and store what comes back (NGX_DECLINED).</summary>
    Miss,
    /// <summary>Go upstream without storing: below min_uses, or the lock's wait timed out (NGX_HTTP_CACHE_SCARCE).</summary>
    Scarce,
    /// <summary>A cached upstream error (502, 504 under proxy_cache_valid): answer it.</summary>
    CachedError,
}

/// <summary>One key's lookup: what was found, the open entry when there is one, and the node to free.</summary>
public sealed class CacheOpen : IDisposable
{
    public required CacheOpenKind Kind { get; init; }
    public required CacheNode Node { get; init; }
    public required string Path { get; init; }
    public FileStream? File { get; init; }
    public CacheEntryHeader? Entry { get; init; }
    /// <summary>Now within the entry's stale-while-revalidate window.</summary>
    public bool StaleUpdating { get; init; }
    /// <summary>Now within the entry's stale-if-error window.</summary>
    public bool StaleError { get; init; }
    public int ErrorStatus { get; init; }

    public void Dispose() => File?.Dispose();
}

/// <summary>The in-memory index node of one key (ngx_http_file_cache_node_t).</summary>
public sealed class CacheNode(string hex)
{
    public string Hex { get; } = hex;
    internal int Uses;
    /// <summary>Requests holding the node (nginx's count): it is not evicted while held.</summary>
    internal int Count;
    internal bool Exists;
    internal bool Updating;
    internal long LockUntil;
    internal int Error;
    internal long ValidSec;
    internal long Length;
    internal long ExpireAt;
    internal LinkedListNode<CacheNode>? Queue;
    /// <summary>Completed whenever the request updating this node lets go of it: lock waiters look again.</summary>
    internal TaskCompletionSource Released = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Counters of a zone for the status API and Prometheus.</summary>
public sealed class CacheFigures
{
    internal long HitCount, MissCount, StaleCount, UpdatingCount, RevalidatedCount, ExpiredCount, BypassCount, Writes, WriteFailures;
    public long Hits => Interlocked.Read(ref HitCount);
    public long Misses => Interlocked.Read(ref MissCount);
    public long Stale => Interlocked.Read(ref StaleCount);
    public long Updating => Interlocked.Read(ref UpdatingCount);
    public long Revalidated => Interlocked.Read(ref RevalidatedCount);
    public long Expired => Interlocked.Read(ref ExpiredCount);
    public long Bypassed => Interlocked.Read(ref BypassCount);
}

/// <summary>
/// One <c>keys_zone</c> at run time: the index of keys (bounded by the zone's size, least recently used
/// first out, as nginx's ngx_http_file_cache_forced_expire), the entries on disk under the zone's path
/// and their total size (bounded by <c>max_size</c> and <c>min_free</c>; <c>inactive</c> entries go),
/// and the per-key state of <c>proxy_cache_lock</c> and <c>min_uses</c>. It lives in the process's
/// <see cref="Model.SharedZones"/>, so a reload with the same zone keeps its index, and the entries on
/// disk are found again after a restart (nginx's cache loader: <see cref="LoadFromDisk"/>).
/// </summary>
public sealed class CacheZone
{
    private readonly object _gate = new();
    private readonly Dictionary<string, CacheNode> _nodes = new(StringComparer.Ordinal);
    /// <summary>Most recently used first (nginx's cache->sh->queue).</summary>
    private readonly LinkedList<CacheNode> _queue = new();
    private long _size;
    private long _lastSweep;

    public CacheZone(CachePathSpec spec) => Spec = spec;

    public CachePathSpec Spec { get; }
    public CacheFigures Figures { get; } = new();

    /// <summary>Bytes the zone's entries take on disk.</summary>
    public long Size => Interlocked.Read(ref _size);

    /// <summary>Keys in the index.</summary>
    public int Keys
    {
        get { lock (_gate) return _nodes.Count; }
    }

    /// <summary>The md5 of a key in hex, the entry's file name (ngx_http_file_cache_create_key).</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>nginx's cache loader: every entry file already under the path joins the index with its size.</summary>
    public void LoadFromDisk()
    {
        if (!Directory.Exists(Spec.Path)) return;
        try
        {
            foreach (var file in Directory.EnumerateFiles(Spec.Path, "*", SearchOption.AllDirectories))
            {
                var name = System.IO.Path.GetFileName(file);
                if (name.Length != 32 || !name.All(Uri.IsHexDigit)) continue;
                long length;
                try { length = new FileInfo(file).Length; }
                catch (IOException) { continue; }
                lock (_gate)
                {
                    if (_nodes.ContainsKey(name)) continue;
                    var node = Insert(name);
                    node.Exists = true;
                    node.Uses = 1;
                    node.Length = length;
                    _size += length;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // an unreadable part of the tree is left to the requests that find it
        }
        Enforce(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    /// <summary>
    /// ngx_http_file_cache_open: counts a use of the key, answers a cached error, reads a valid entry, marks an
    /// expired one as being updated by this request (or reports another is), and with <c>proxy_cache_lock</c>
    /// waits while another request fetches a missing key (ngx_http_file_cache_lock and _lock_wait).
    /// </summary>
    public async Task<CacheOpen> OpenAsync(string key, string hex, CacheLookupRules rules, CancellationToken aborted)
    {
        var waitUntil = 0L;
        var lockTimeout = rules.LockTimeout;
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Sweep(now);
            CacheNode node;
            bool exists;
            lock (_gate)
            {
                node = Exists(hex, now, rules.MinUses, countUse: waitUntil == 0, out var enough);
                if (node.Error != 0 && node.ValidSec >= now)
                    return new CacheOpen { Kind = CacheOpenKind.CachedError, Node = node, Path = Spec.FileFor(hex), ErrorStatus = node.Error };
                exists = node.Exists;
                if (!exists && !enough && rules.MinUses > 1 && !ReadableOnDisk(hex))
                    return new CacheOpen { Kind = CacheOpenKind.Scarce, Node = node, Path = Spec.FileFor(hex) };
            }

            var path = Spec.FileFor(hex);
            if (TryRead(path, key, out var file, out var entry))
            {
                lock (_gate)
                {
                    if (!node.Exists)
                    {
                        node.Exists = true;
                        node.Length = file!.Length;
                        _size += node.Length;
                    }
                    node.ValidSec = entry!.ValidSec;
                    if (entry.ValidSec >= now) return new CacheOpen { Kind = CacheOpenKind.Hit, Node = node, Path = path, File = file, Entry = entry };
                    var staleUpdating = entry.ValidSec + entry.UpdatingSec >= now;
                    var staleError = entry.ValidSec + entry.ErrorSec >= now;
                    var kind = CacheOpenKind.Updating;
                    if (!node.Updating)
                    {
                        node.Updating = true;
                        node.Released = new(TaskCreationOptions.RunContinuationsAsynchronously);
                        kind = CacheOpenKind.Stale;
                    }
                    return new CacheOpen { Kind = kind, Node = node, Path = path, File = file, Entry = entry, StaleUpdating = staleUpdating, StaleError = staleError };
                }
            }

            Task released;
            lock (_gate)
            {
                if (node.Exists)
                {
                    // the index knew an entry the disk no longer has (removed, corrupt): forget it
                    _size -= node.Length;
                    node.Exists = false;
                    node.Length = 0;
                }
                if (rules.MinUses > 1 && node.Uses < rules.MinUses)
                    return new CacheOpen { Kind = CacheOpenKind.Scarce, Node = node, Path = path };
                if (!rules.Lock)
                    return new CacheOpen { Kind = CacheOpenKind.Miss, Node = node, Path = path };
                var nowMs = Environment.TickCount64;
                if (!node.Updating || node.LockUntil <= nowMs)
                {
                    node.Updating = true;
                    node.LockUntil = nowMs + (long)rules.LockAge.TotalMilliseconds;
                    node.Released = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    return new CacheOpen { Kind = CacheOpenKind.Miss, Node = node, Path = path };
                }
                if (lockTimeout <= TimeSpan.Zero) return new CacheOpen { Kind = CacheOpenKind.Scarce, Node = node, Path = path };
                if (waitUntil == 0) waitUntil = nowMs + (long)lockTimeout.TotalMilliseconds;
                var left = Math.Min(waitUntil - nowMs, node.LockUntil - nowMs);
                node.Count--; // not held while waiting; Exists counts it again
                if (waitUntil - nowMs <= 0)
                {
                    // "cache lock timeout": this request goes upstream and its answer is not stored
                    lockTimeout = TimeSpan.Zero;
                    continue;
                }
                released = Task.WhenAny(node.Released.Task, Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(left, 1, 500)), aborted));
            }
            await released;
            aborted.ThrowIfCancellationRequested();
        }
    }

    private bool ReadableOnDisk(string hex) => File.Exists(Spec.FileFor(hex));

    /// <summary>ngx_http_file_cache_exists: finds or adds the node, counts the use, refreshes its place and inactivity.</summary>
    private CacheNode Exists(string hex, long now, long minUses, bool countUse, out bool enough)
    {
        if (!_nodes.TryGetValue(hex, out var node))
        {
            node = Insert(hex);
        }
        else
        {
            _queue.Remove(node.Queue!);
            _queue.AddFirst(node.Queue!);
            if (node.Error != 0 && node.ValidSec < now)
            {
                node.Error = 0;
                node.Uses = 0;
            }
        }
        if (countUse) node.Uses++; // a lock waiter looking again is the same use
        node.Count++;
        node.ExpireAt = now + (long)Spec.Inactive.TotalSeconds;
        enough = node.Uses >= minUses;
        return node;
    }

    private CacheNode Insert(string hex)
    {
        // the zone is full: the least recently used keys go first (ngx_http_file_cache_forced_expire)
        while (_nodes.Count >= Spec.MaxKeys && _queue.Last is { } oldest && !Remove(oldest.Value, force: false)) break;
        var node = new CacheNode(hex) { ExpireAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + (long)Spec.Inactive.TotalSeconds };
        node.Queue = _queue.AddFirst(node);
        _nodes[hex] = node;
        return node;
    }

    private static bool TryRead(string path, string key, out FileStream? file, out CacheEntryHeader? entry)
    {
        file = null;
        entry = null;
        try
        {
            // buffered: the header is read field by field, in one read of the file's first block
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 16 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        entry = CacheEntryFile.ReadHeader(file);
        // a truncated or foreign file, or another key with the same md5, is a miss
        if (entry is null || entry.Key != key)
        {
            file.Dispose();
            file = null;
            entry = null;
            return false;
        }
        return true;
    }

    /// <summary>ngx_http_file_cache_free without an update: lets go of the node (a node that never held an entry goes when min_uses is 1).</summary>
    public void Free(CacheNode node, bool updating, long minUses, int errorStatus = 0, long errorValidSec = 0)
    {
        TaskCompletionSource? released = null;
        lock (_gate)
        {
            node.Count = Math.Max(0, node.Count - 1);
            if (updating)
            {
                node.Updating = false;
                node.LockUntil = 0;
                released = node.Released;
            }
            if (errorStatus != 0)
            {
                node.Error = errorStatus;
                node.ValidSec = errorValidSec;
            }
            else if (!node.Exists && node.Count == 0 && minUses == 1 && _nodes.TryGetValue(node.Hex, out var same) && same == node)
            {
                _queue.Remove(node.Queue!);
                _nodes.Remove(node.Hex);
            }
        }
        released?.TrySetResult();
    }

    /// <summary>
    /// ngx_http_file_cache_update: a complete entry took its place on disk. <paramref name="held"/> is the node the
    /// request looked up (null for a bypassed request, which stores without a lookup).
    /// </summary>
    public void Stored(CacheNode? held, string hex, long length, long validSec)
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            CacheNode node;
            if (held is not null && _nodes.TryGetValue(hex, out var same) && same == held)
            {
                node = held;
                node.Count = Math.Max(0, node.Count - 1);
            }
            else
            {
                if (held is not null) held.Count = Math.Max(0, held.Count - 1);
                node = _nodes.GetValueOrDefault(hex) ?? Insert(hex);
            }
            _size += length - (node.Exists ? node.Length : 0);
            node.Length = length;
            node.Exists = true;
            node.Error = 0;
            node.ValidSec = validSec;
            node.Updating = false;
            node.LockUntil = 0;
            released = node.Released;
            if (held is not null && held != node)
            {
                held.Updating = false;
                held.Released.TrySetResult();
            }
        }
        Interlocked.Increment(ref Figures.Writes);
        released.TrySetResult();
        Enforce(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    /// <summary>Removes every entry whose key matches (a key, or a prefix ending in <c>*</c>): ours, as NGINX Plus's proxy_cache_purge.</summary>
    public int Purge(Func<string, bool> keyMatches)
    {
        var removed = 0;
        List<CacheNode> nodes;
        lock (_gate) nodes = [.. _nodes.Values.Where(n => n.Exists)];
        foreach (var node in nodes)
        {
            var path = Spec.FileFor(node.Hex);
            string? key = null;
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                key = CacheEntryFile.ReadHeader(file)?.Key;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            if (key is null || !keyMatches(key)) continue;
            lock (_gate)
                if (Remove(node, force: true)) removed++;
        }
        return removed;
    }

    /// <summary>The cache manager's walk, at most once a second: inactive entries go (ngx_http_file_cache_expire).</summary>
    private void Sweep(long now)
    {
        if (Interlocked.Exchange(ref _lastSweep, now) == now) return;
        lock (_gate)
        {
            for (var item = _queue.Last; item is not null;)
            {
                var previous = item.Previous;
                if (item.Value.ExpireAt < now) Remove(item.Value, force: false);
                item = previous;
            }
        }
    }

    /// <summary>ngx_http_file_cache_manager: over <c>max_size</c>, or with less than <c>min_free</c> left on the disk, the least recently used entries go.</summary>
    private void Enforce(long now)
    {
        lock (_gate)
        {
            for (var item = _queue.Last; item is not null && OverLimits();)
            {
                var previous = item.Previous;
                if (item.Value.Exists) Remove(item.Value, force: false);
                item = previous;
            }
        }
    }

    private bool OverLimits()
    {
        if (_size > Spec.MaxSize) return true;
        if (Spec.MinFree <= 0) return false;
        try
        {
            return new DriveInfo(Spec.Path).AvailableFreeSpace < Spec.MinFree;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Drops a node and its file; a node a request holds stays unless forced (its file still goes when forced).</summary>
    private bool Remove(CacheNode node, bool force)
    {
        if (node.Count > 0 && !force) return false;
        if (node.Exists)
        {
            try { File.Delete(Spec.FileFor(node.Hex)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            _size -= node.Length;
            node.Exists = false;
            node.Length = 0;
        }
        if (node.Count > 0) return true;
        if (node.Queue?.List is not null) _queue.Remove(node.Queue);
        _nodes.Remove(node.Hex);
        return true;
    }
}

/// <summary>The per-location rules a lookup follows: <c>min_uses</c> and <c>proxy_cache_lock</c>.</summary>
public sealed record CacheLookupRules(long MinUses, bool Lock, TimeSpan LockTimeout, TimeSpan LockAge);
