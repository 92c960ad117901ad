namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>A parsed value or nginx's error message for it; value parsers never throw on bad input.</summary>
public readonly record struct Parsed<T>(T? Value, string? Error)
{
    public bool Ok => Error is null;

    public static Parsed<T> Success(T value) => new(value, null);
    public static Parsed<T> Fail(string error) => new(default, error);
}
