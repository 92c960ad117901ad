namespace ProxyServer.Runtime.Compile;

/// <summary>A small typed bag: one value per type, so modules keep their state without the core knowing it.</summary>
public sealed class FeatureCollection
{
    private readonly Dictionary<Type, object> _items = [];

    public void Set<T>(T value) where T : class => _items[typeof(T)] = value;

    public T? Get<T>() where T : class => _items.TryGetValue(typeof(T), out var value) ? (T)value : null;

    public T GetOrAdd<T>(Func<T> create) where T : class
    {
        if (Get<T>() is { } existing) return existing;
        var created = create();
        Set(created);
        return created;
    }

    /// <summary>A snapshot that later writes to this bag do not change.</summary>
    public FeatureCollection Copy()
    {
        var copy = new FeatureCollection();
        foreach (var (type, value) in _items) copy._items[type] = value;
        return copy;
    }
}
