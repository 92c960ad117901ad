namespace ProxyServer.Runtime.Model;

/// <summary>
/// The process's named zones, as nginx's shared memory zones (<c>ngx_shared_memory_add</c>): what a module keeps
/// for a zone (a cache's index) lives here, keyed by the zone's name and its definition, so a reload that
/// declares the same zone gets the same object back and one that changes it starts a fresh one. A compile
/// never touches it: requests find their zone here on first use.
/// </summary>
public sealed class SharedZones
{
    private readonly Dictionary<(string Name, object Definition), object> _zones = new();
    private readonly object _gate = new();

    /// <summary>The zone of this name and definition (records compare by value), made by <paramref name="create"/> on first use.</summary>
    public T GetOrAdd<T>(string name, object definition, Func<T> create) where T : class
    {
        lock (_gate)
        {
            if (_zones.TryGetValue((name, definition), out var found) && found is T zone) return zone;
            var made = create();
            _zones[(name, definition)] = made;
            return made;
        }
    }

    /// <summary>Every zone of type <typeparamref name="T"/> (the status API's figures).</summary>
    public IReadOnlyList<T> All<T>() where T : class
    {
        lock (_gate) return [.. _zones.Values.OfType<T>()];
    }
}
