namespace ProxyServer.Runtime.Compile;

/// <summary>A small typed bag: one value per type, so modules keep their state without the core knowing it.</summary>
public sealed class FeatureCollection
{
    /// <summary>The first few entries in place (a request sets one or two: no dictionary per request); more go to <see cref="_more"/>.</summary>
    private const int Inline = 4;

    private (Type Type, object Value) _0, _1, _2, _3;
    private int _count;
    private Dictionary<Type, object>? _more;

    public void Set<T>(T value) where T : class
    {
        var type = typeof(T);
        for (var i = 0; i < _count && i < Inline; i++)
        {
            ref var entry = ref Slot(i);
            if (entry.Type == type)
            {
                entry.Value = value;
                return;
            }
        }
        if (_count < Inline) Slot(_count++) = (type, value);
        else (_more ??= [])[type] = value;
    }

    public T? Get<T>() where T : class
    {
        var type = typeof(T);
        for (var i = 0; i < _count && i < Inline; i++)
        {
            ref var entry = ref Slot(i);
            if (entry.Type == type) return (T)entry.Value;
        }
        return _more is not null && _more.TryGetValue(type, out var value) ? (T)value : null;
    }

    private ref (Type Type, object Value) Slot(int i)
    {
        switch (i)
        {
            case 0: return ref _0;
            case 1: return ref _1;
            case 2: return ref _2;
            default: return ref _3;
        }
    }

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
        var copy = new FeatureCollection { _0 = _0, _1 = _1, _2 = _2, _3 = _3, _count = _count };
        if (_more is not null) copy._more = new Dictionary<Type, object>(_more);
        return copy;
    }
}
