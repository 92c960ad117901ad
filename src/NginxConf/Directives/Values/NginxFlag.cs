namespace ProxyServer.NginxConf.Directives.Values;

/// <summary><c>ngx_conf_set_flag_slot</c>: <c>on</c> or <c>off</c>, case-insensitive.</summary>
public static class NginxFlag
{
    public static bool TryParse(string text, out bool value)
    {
        value = text.Equals("on", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("off", StringComparison.OrdinalIgnoreCase);
    }

    public static string InvalidMessage(string value, string directive) =>
        $"invalid value \"{value}\" in \"{directive}\" directive, it must be \"on\" or \"off\"";
}
