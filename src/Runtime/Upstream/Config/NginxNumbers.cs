using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.Runtime.Upstream.Config;

/// <summary>The directive table's <c>ngx_atoi</c> and seconds parser as nullable results, for runtime callers.</summary>
public static class NginxNumbers
{
    public static long? Atoi(string text) => NginxNumber.TryParse(text, out var value) ? value : null;

    /// <summary>A time in seconds as <c>ngx_parse_time(.., 1)</c> reads it (the directive table's <see cref="NginxTime"/>).</summary>
    public static long? ParseSeconds(string text) => NginxTime.TryParseSeconds(text, out var time) ? (long)time.TotalSeconds : null;
}
