using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Variables;

/// <summary>
/// Every variable name a config may use, built afresh for each compile. Modules register
/// variables by full name (<c>$host</c>) or by prefix (<c>$http_</c>, <c>$arg_</c>); <c>set</c>,
/// <c>map</c> and named regex captures declare per-request slots. Resolution happens at compile
/// time, so a request never looks a name up.
/// </summary>
public sealed class VariableRegistry
{
    private readonly Dictionary<string, VariableGetter> _named = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Prefix, Func<string, VariableGetter> Factory)> _prefixed = [];
    private readonly Dictionary<string, int> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _changeable = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Number of per-request slots a request must allocate.</summary>
    public int SlotCount => _slots.Count;

    private readonly HashSet<string> _settable = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Registers a variable computed from the request (e.g. <c>host</c>, without the <c>$</c>). <paramref name="settable"/>:
    /// nginx's NGX_HTTP_VAR_CHANGEABLE (a <c>map</c>'s or <c>geo</c>'s variable, <c>$msie</c>): a <c>set</c> may give
    /// it a value, which it then has for the rest of the request.
    /// </summary>
    public void Register(string name, VariableGetter getter, bool settable = false)
    {
        _named[name] = getter;
        if (settable) _settable.Add(name);
    }

    /// <summary>
    /// Registers a family of variables: <paramref name="factory"/> receives the rest of the name
    /// after <paramref name="prefix"/> once, at compile time (<c>http_user_agent</c> -> <c>user_agent</c>).
    /// </summary>
    public void RegisterPrefix(string prefix, Func<string, VariableGetter> factory) => _prefixed.Add((prefix, factory));

    /// <summary>
    /// A per-request slot for a variable that <c>set</c> or a named capture writes; the same name
    /// always gets the same slot. Declaring a slot for a built-in name makes the slot win only when
    /// the built-in is not registered (nginx refuses to <c>set</c> non-changeable variables).
    /// </summary>
    public int DeclareSlot(string name)
    {
        if (!_slots.TryGetValue(name, out var slot))
        {
            slot = _slots.Count;
            _slots[name] = slot;
        }
        _changeable.Add(name);
        return slot;
    }

    /// <summary>
    /// A variable a module registered by its full name: <c>set</c> may not define it (nginx's "the duplicate"). A name
    /// of a prefix family (<c>$http_foo</c>) is not one: <c>set</c> defines it, as nginx's ngx_http_rewrite_set does.
    /// </summary>
    public bool IsBuiltIn(string name) => _named.ContainsKey(name) && !_settable.Contains(name);

    /// <summary>Finds the getter for <paramref name="name"/>; null means nginx's <c>unknown "name" variable</c>.</summary>
    public VariableGetter? Resolve(string name)
    {
        if (_named.TryGetValue(name, out var getter))
        {
            if (_slots.TryGetValue(name, out var set)) return request => request.Slots[set] ?? getter(request);
            return getter;
        }
        if (_slots.TryGetValue(name, out var slot))
        {
            // ngx_http_rewrite_set leaves a prefix family's handler in place: until a set runs, $http_foo is the header.
            if (FindPrefix(name) is { } family)
            {
                var fallback = family.Factory(name[family.Prefix.Length..]);
                return request => request.Slots[slot] ?? fallback(request);
            }
            return SlotGetter(slot);
        }
        return FindPrefix(name) is { } prefixed ? prefixed.Factory(name[prefixed.Prefix.Length..]) : null;
    }

    /// <summary>A per-request slot no name refers to (a module's cache, e.g. a map's value).</summary>
    public int AllocateSlot()
    {
        var slot = _slots.Count;
        _slots["\0private" + slot] = slot;
        return slot;
    }

    /// <summary>The slot of a declared variable, if any.</summary>
    public int? SlotOf(string name) => _slots.TryGetValue(name, out var slot) ? slot : null;

    /// <summary>ngx_http_variables_init_vars: a name starting with a prefix is that family's, the bare prefix too (<c>$arg_</c>, "not found").</summary>
    private (string Prefix, Func<string, VariableGetter> Factory)? FindPrefix(string name)
    {
        foreach (var entry in _prefixed)
            if (name.StartsWith(entry.Prefix, StringComparison.OrdinalIgnoreCase))
                return entry;
        return null;
    }

    private static VariableGetter SlotGetter(int slot) => request => request.Slots[slot];
}
