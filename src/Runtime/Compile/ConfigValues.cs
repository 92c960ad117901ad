using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Runtime.Compile;

/// <summary>
/// nginx's value syntaxes the runtime reads: sizes (<c>1m</c>), times (<c>30s</c>, <c>1h 30m</c>),
/// flags (<c>on|off</c>), for arguments past a directive's first. A directive's own value is read
/// through its key (<c>scope.Get(ProxyDirectives.ConnectTimeout, context)</c>), which gives nginx's errors.
/// </summary>
/// <remarks>The value syntaxes themselves are the directive table's parsers (<see cref="NginxSize"/>,
/// <see cref="NginxTime"/>, <see cref="NginxFlag"/>).</remarks>
public static class ConfigValues
{
    public static long? ParseSize(string text) => NginxSize.TryParseOffset(text, out var bytes) ? bytes : null;

    public static TimeSpan? ParseTime(string text) => NginxTime.TryParse(text, out var time) ? time : null;

    public static bool? ParseFlag(string text) => NginxFlag.TryParse(text, out var flag) ? flag : null;

    public static SourcePosition Where(ConfigDirective directive) => directive.Position;
}
