namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// Checks every value passes whatever its consumer wants: a value becomes part of a request line or
/// an upstream address, so control characters (CR/LF header injection) and oversized values are
/// refused before the consumer's own check runs.
/// </summary>
public static class KvValueRules
{
    /// <summary>Longest value accepted, in characters (a host name is at most 253, a server line is short).</summary>
    public const int MaximumLength = 1024;

    public static string? CheckCommon(string value)
    {
        if (value.Length > MaximumLength) return $"value is longer than {MaximumLength} characters";
        if (value.Contains('\r') || value.Contains('\n')) return "value contains CR or LF";
        if (value.Any(char.IsControl)) return "value contains a control character";
        return null;
    }
}
