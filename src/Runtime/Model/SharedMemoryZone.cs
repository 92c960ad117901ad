namespace ProxyServer.Runtime.Model;

/// <summary>
/// nginx's <c>ngx_shm_zone_t</c>: a named piece of process memory a module keeps its state in
/// (<c>limit_req_zone</c>, <c>limit_conn_zone</c>), bounded by <see cref="Pool"/> as nginx's slab allocator bounds
/// it. It lives in the process's <see cref="SharedMemoryZones"/>, so a reload that declares the same name with
/// the same size for the same module keeps it (ngx_init_cycle reuses such a zone); a compile only finds it there.
/// </summary>
public abstract class SharedMemoryZone(string name, long size, string module)
{
    public string Name { get; } = name;
    public long Size { get; } = size;

    /// <summary>The module that owns it (nginx's tag).</summary>
    public string Module { get; } = module;

    /// <summary>What the zone's memory holds, as nginx counts it.</summary>
    public SlabPool Pool { get; } = new(size);

    /// <summary>Serializes the module's state (nginx's <c>ngx_shmtx_lock(&amp;shpool->mutex)</c>).</summary>
    public object Mutex { get; } = new();

    /// <summary>This zone can serve a model declaring <paramref name="size"/> for <paramref name="module"/> (ngx_init_cycle's test).</summary>
    public bool Matches(long size, string module) => size == Size && module == Module;

    /// <summary>A model declaring the zone starts serving (every time one does): what the zone runs beside its memory starts, once.</summary>
    public virtual void Serve()
    {
    }

    /// <summary>The zone leaves the process (no serving model declares it): what <see cref="Serve"/> started stops.</summary>
    public virtual ValueTask RetireAsync() => ValueTask.CompletedTask;
}

/// <summary>The process's shared memory zones by name, as the cycle keeps <c>shared_memory</c>.</summary>
public sealed class SharedMemoryZones
{
    private readonly Dictionary<string, SharedMemoryZone> _zones = new(StringComparer.Ordinal);

    public SharedMemoryZone? Find(string name)
    {
        lock (_zones) return _zones.GetValueOrDefault(name);
    }

    private readonly List<SharedMemoryZone> _replaced = [];

    /// <summary>The zones of a model about to serve replace those of the same name, and serve.</summary>
    public void Adopt(IEnumerable<SharedMemoryZone> zones)
    {
        lock (_zones)
        {
            foreach (var zone in zones)
            {
                if (_zones.TryGetValue(zone.Name, out var replaced) && replaced != zone) _replaced.Add(replaced);
                _zones[zone.Name] = zone;
            }
        }
        foreach (var zone in zones) zone.Serve();
    }

    /// <summary>Forgets every zone the serving model does not use (nginx frees the old cycle's unused zones), and retires it.</summary>
    public async Task RetainOnlyAsync(IReadOnlyCollection<SharedMemoryZone> inUse)
    {
        List<SharedMemoryZone> retired;
        lock (_zones)
        {
            retired = [.. _replaced];
            _replaced.Clear();
            foreach (var (name, zone) in _zones.Where(z => !inUse.Contains(z.Value)).ToList())
            {
                _zones.Remove(name);
                retired.Add(zone);
            }
        }
        foreach (var zone in retired) await zone.RetireAsync();
    }
}

/// <summary>
/// ngx_slab.c's bookkeeping for one zone, without the memory (x86_64, 4 KiB pages): the pages
/// ngx_slab_init leaves after its own header, slot sizes as powers of two from 8 bytes, a page per slot
/// size holding as many slots as nginx's (less the in-page bitmap for the smallest), whole pages above
/// half a page, and an emptied page given back. So a zone is full after as many entries as nginx's.
/// </summary>
public sealed class SlabPool
{
    private const int PageShift = 12;
    private const int PageSize = 1 << PageShift;
    private const int MinShift = 3;

    /// <summary>sizeof(ngx_slab_pool_t), then 9 slot lists (ngx_slab_page_t, 24 bytes) and 9 stats (32 bytes).</summary>
    private const int Header = 200 + 9 * 24 + 9 * 32;

    private readonly Dictionary<int, List<SlotPage>> _partial = [];
    private int _freePages;

    public SlabPool(long size)
    {
        // ngx_slab_init: pages after the header, each with its 24-byte descriptor, the first aligned to a page.
        var pages = (size - Header) / (PageSize + 24);
        var start = (Header + pages * 24 + PageSize - 1) / PageSize * PageSize;
        var fitting = (size - start) / PageSize;
        _freePages = (int)Math.Max(0, Math.Min(pages, fitting));
    }

    /// <summary>ngx_slab_alloc_locked: a place for <paramref name="size"/> bytes, or null when the zone is full.</summary>
    public SlabAllocation? Allocate(int size)
    {
        if (size > PageSize / 2)
        {
            var pages = (size + PageSize - 1) >> PageShift;
            if (pages > _freePages) return null;
            _freePages -= pages;
            return new SlabAllocation(null, pages);
        }
        var shift = MinShift;
        if (size > 1 << MinShift)
        {
            shift = 1;
            for (var s = (size - 1) >> 1; s != 0; s >>= 1) shift++;
        }
        var partial = _partial.TryGetValue(shift, out var list) ? list : _partial[shift] = [];
        SlotPage page;
        if (partial.Count > 0) page = partial[^1];
        else
        {
            if (_freePages == 0) return null;
            _freePages--;
            page = new SlotPage(shift, SlotsPerPage(shift));
            partial.Add(page);
        }
        if (++page.Used == page.Capacity) partial.Remove(page);
        return new SlabAllocation(page, 0);
    }

    /// <summary>ngx_slab_free_locked: the slot is free again; a page with no slot in use goes back to the pool.</summary>
    public void Free(SlabAllocation allocation)
    {
        if (allocation.Page is not { } page)
        {
            _freePages += allocation.Pages;
            return;
        }
        var partial = _partial[page.Shift];
        if (page.Used-- == page.Capacity) partial.Add(page);
        if (page.Used == 0)
        {
            partial.Remove(page);
            _freePages++;
        }
    }

    /// <summary>Slots of 8, 16 and 32 bytes keep their bitmap in the page itself (NGX_SLAB_SMALL).</summary>
    private static int SlotsPerPage(int shift)
    {
        var slots = PageSize >> shift;
        var bitmapBytes = slots / 8;
        return shift < 6 ? slots - (bitmapBytes + (1 << shift) - 1) / (1 << shift) : slots;
    }

    public sealed class SlotPage(int shift, int capacity)
    {
        public int Shift { get; } = shift;
        public int Capacity { get; } = capacity;
        public int Used { get; set; }
    }
}

/// <summary>What one <see cref="SlabPool.Allocate"/> took: a slot of a page, or whole pages.</summary>
public sealed record SlabAllocation(SlabPool.SlotPage? Page, int Pages);

/// <summary>A zone bound to a key (<c>limit_req_zone</c>, <c>limit_conn_zone</c>): a reload keeps it only with the same key.</summary>
public abstract class KeyedSharedMemoryZone(string name, long size, string module, string key) : SharedMemoryZone(name, size, module)
{
    /// <summary>The key as written.</summary>
    public string Key { get; } = key;
}
