namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>
/// Reads the parameters after the address of an upstream <c>server</c> line, with nginx's checks and
/// messages: <c>invalid parameter "X"</c> and <c>balancing method does not support parameter "X"</c>.
/// <c>slow_start=</c> is an NGINX Plus parameter we accept (and keep) where nginx 1.22 refuses it.
/// </summary>
public static class ServerParameterParser
{
    /// <summary>Applies <paramref name="parameters"/> to <paramref name="server"/>; on the first bad one returns nginx's message.</summary>
    public static (UpstreamServer Server, string? Error) Apply(UpstreamServer server, IEnumerable<string> parameters,
        ServerParameterSupport support)
    {
        foreach (var parameter in parameters)
        {
            var (updated, error) = ApplyOne(server, parameter, support);
            if (error is not null) return (server, error);
            server = updated!;
        }
        return (server, null);
    }

    private static (UpstreamServer? Server, string? Error) ApplyOne(UpstreamServer server, string parameter,
        ServerParameterSupport support)
    {
        var invalid = $"invalid parameter \"{parameter}\"";
        var unsupported = $"balancing method does not support parameter \"{parameter}\"";

        if (TryValue(parameter, "weight=", out var text))
        {
            if (!support.HasFlag(ServerParameterSupport.Weight)) return (null, unsupported);
            var weight = NginxNumbers.Atoi(text);
            return weight is null or 0 or > int.MaxValue ? (null, invalid) : (server with { Weight = (int)weight }, null);
        }
        if (TryValue(parameter, "max_conns=", out text))
        {
            if (!support.HasFlag(ServerParameterSupport.MaxConns)) return (null, unsupported);
            var maxConns = NginxNumbers.Atoi(text);
            return maxConns is null or > int.MaxValue ? (null, invalid) : (server with { MaxConns = (int)maxConns }, null);
        }
        if (TryValue(parameter, "max_fails=", out text))
        {
            if (!support.HasFlag(ServerParameterSupport.MaxFails)) return (null, unsupported);
            var maxFails = NginxNumbers.Atoi(text);
            return maxFails is null or > int.MaxValue ? (null, invalid) : (server with { MaxFails = (int)maxFails }, null);
        }
        if (TryValue(parameter, "fail_timeout=", out text))
        {
            if (!support.HasFlag(ServerParameterSupport.FailTimeout)) return (null, unsupported);
            var seconds = SafeParseSeconds(text);
            return seconds is null ? (null, invalid) : (server with { FailTimeout = TimeSpan.FromSeconds(seconds.Value) }, null);
        }
        if (TryValue(parameter, "slow_start=", out text))
        {
            var seconds = SafeParseSeconds(text);
            return seconds is null ? (null, invalid) : (server with { SlowStart = TimeSpan.FromSeconds(seconds.Value) }, null);
        }
        if (parameter == "backup")
            return support.HasFlag(ServerParameterSupport.Backup) ? (server with { Backup = true }, null) : (null, unsupported);
        if (parameter == "down")
            return support.HasFlag(ServerParameterSupport.Down) ? (server with { Down = true }, null) : (null, unsupported);
        return (null, invalid);
    }

    private static long? SafeParseSeconds(string text)
    {
        try { return NginxNumbers.ParseSeconds(text); }
        catch (OverflowException) { return null; }
    }

    private static bool TryValue(string parameter, string prefix, out string value)
    {
        value = parameter.StartsWith(prefix, StringComparison.Ordinal) ? parameter[prefix.Length..] : "";
        return parameter.StartsWith(prefix, StringComparison.Ordinal);
    }
}
