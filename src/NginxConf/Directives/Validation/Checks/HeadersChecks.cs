using ProxyServer.NginxConf.Directives.Values;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>Checks of <c>ngx_http_headers_module</c> directives.</summary>
public static class HeadersChecks
{
    public static void AddHeader(DirectiveUse use)
    {
        if (use.Args.Count == 3 && use.Args[2].Value != "always")
            use.Error($"invalid parameter \"{use.Args[2].Value}\"", use.Args[2]);
    }

    /// <summary><c>expires [modified] TIME | epoch | max | off</c>; TIME may be <c>@15h30m</c> or negative.</summary>
    public static void Expires(DirectiveUse use)
    {
        var args = use.Args;
        if (args.Count == 2 && args[0].Value != "modified")
        {
            use.Error($"invalid value \"{args[0].Value}\"", args[0]);
            return;
        }
        var value = args[^1].Value;
        if (args.Count == 1 && value is "epoch" or "max" or "off") return;
        if (value.Contains('$')) return;
        var time = value.TrimStart('@');
        if (time.StartsWith('-') || time.StartsWith('+')) time = time[1..];
        if (!NginxTime.TryParseSeconds(time, out _))
            use.Error("\"expires\" directive invalid value");
    }
}
