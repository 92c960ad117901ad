using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// A directive as the runtime reads it: declared once, as a static field of the directive module that
/// defines it (<c>ProxyDirectives.ConnectTimeout</c>), and named by its row (<see cref="DirectiveSpec.Key"/>).
/// The runtime finds statements through keys only, never through a name written a second time, so every
/// name it reads is declared in the table. This plain key reads statements (blocks, array directives,
/// directives with their own parser); <see cref="DirectiveKey{T}"/> adds a value syntax and a default.
/// </summary>
public class DirectiveKey
{
    // Internal: only the directive table declares keys, so the runtime cannot read a name the table lacks.
    internal DirectiveKey(string name) => Name = name;

    /// <summary>The directive's name in a config.</summary>
    public string Name { get; }

    /// <summary>True when <paramref name="directive"/> is a statement of this directive.</summary>
    public bool Names(ConfigDirective directive) => directive.Name == Name;

    public override string ToString() => Name;

    /// <summary><c>ngx_conf_set_flag_slot</c>: <c>on</c> or <c>off</c>.</summary>
    public static DirectiveKey<bool> Flag(string name, bool @default) => new(name, @default, (text, key) =>
        NginxFlag.TryParse(text, out var value) ? (value, null) : (false, NginxFlag.InvalidMessage(text, key)));

    /// <summary><c>ngx_conf_set_msec_slot</c>: a duration with millisecond resolution.</summary>
    public static DirectiveKey<TimeSpan> Time(string name, TimeSpan @default) => new(name, @default, (text, key) =>
        NginxTime.TryParse(text, out var value) ? (value, null) : (TimeSpan.Zero, Invalid(key, "value")));

    /// <summary><c>ngx_conf_set_sec_slot</c>: a duration with second resolution.</summary>
    public static DirectiveKey<TimeSpan> Seconds(string name, TimeSpan @default) => new(name, @default, (text, key) =>
        NginxTime.TryParseSeconds(text, out var value) ? (value, null) : (TimeSpan.Zero, Invalid(key, "value")));

    /// <summary><c>ngx_conf_set_size_slot</c> / <c>_off_slot</c>: bytes, <c>8k</c>, <c>10m</c>, <c>1g</c>.</summary>
    public static DirectiveKey<long> Size(string name, long @default) => new(name, @default, (text, key) =>
        NginxSize.TryParseOffset(text, out var value) ? (value, null) : (0, Invalid(key, "value")));

    /// <summary><c>ngx_conf_set_num_slot</c>: a non-negative integer.</summary>
    public static DirectiveKey<long> Number(string name, long @default) => new(name, @default, (text, key) =>
        NginxNumber.TryParse(text, out var value) ? (value, null) : (0, Invalid(key, "number")));

    /// <summary>The first argument as written (<c>ngx_conf_set_str_slot</c>).</summary>
    public static DirectiveKey<string> Text(string name, string @default) => new(name, @default, (text, _) => (text, null));

    private static string Invalid(string name, string what) => $"\"{name}\" directive invalid {what}";
}

/// <summary>
/// A directive with one value of nginx's slot syntaxes and its default: the runtime reads
/// <c>scope.Get(ProxyDirectives.ConnectTimeout, context)</c> and never writes the default again.
/// Errors are nginx's wording (<c>"proxy_connect_timeout" directive invalid value</c>).
/// </summary>
public sealed class DirectiveKey<T> : DirectiveKey
{
    private readonly Func<string, string, (T Value, string? Error)> _parse;

    internal DirectiveKey(string name, T @default, Func<string, string, (T Value, string? Error)> parse) : base(name)
    {
        Default = @default;
        _parse = parse;
    }

    /// <summary>nginx's value when no level sets the directive.</summary>
    public T Default { get; }

    /// <summary>The value of a statement's first argument; false with nginx's error text when it does not parse.</summary>
    public bool TryRead(ConfigDirective directive, out T value, out string? error)
    {
        if (directive.Args.Count == 0)
        {
            (value, error) = (Default, null);
            return true;
        }
        (value, error) = _parse(directive.Args[0].Value, Name);
        if (error is null) return true;
        value = Default;
        return false;
    }
}
