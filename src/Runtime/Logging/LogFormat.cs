using System.Text;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Logging;

public enum LogEscape { Default, Json, None }

/// <summary>
/// A <c>log_format</c>: its text with variables, and how variable values are escaped
/// (default: <c>"</c>, <c>\</c>, controls and bytes above 0x7E as <c>\xXX</c>; a missing value is <c>-</c>).
/// </summary>
public sealed class LogFormat(string name, ComplexValue text, LogEscape escape)
{
    /// <summary>nginx's predefined format.</summary>
    public const string CombinedText =
        "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

    public string Name => name;

    public string Render(NginxRequest request) => text.Evaluate(request, value => Escape(value, escape));

    public static LogFormat Compile(string name, string text, LogEscape escape, CompileContext context, SourcePosition at) =>
        new(name, ComplexValue.Compile(text, context, at), escape);

    private static string Escape(string? value, LogEscape escape)
    {
        if (value is null) return escape == LogEscape.Default ? "-" : "";
        if (escape == LogEscape.None) return value;
        if (escape == LogEscape.Json) return Http.JsonEscaping.Escape(value);
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!(c is '"' or '\\' || c < ' ' || c > '~'))
            {
                builder?.Append(c);
                continue;
            }
            builder ??= new StringBuilder(value, 0, i, value.Length + 8);
            builder.Append($"\\x{(int)c:X2}");
        }
        return builder?.ToString() ?? value;
    }
}
