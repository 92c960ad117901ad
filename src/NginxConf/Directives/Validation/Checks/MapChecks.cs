using System.Runtime.CompilerServices;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>
/// Checks of the blocks that define a variable from entries (<c>map</c>, <c>geo</c>, <c>split_clients</c>;
/// the entries themselves are checked by <see cref="EntryBodies"/>): none may redefine nginx's own variables.
/// </summary>
public static class MapChecks
{
    /// <summary>
    /// nginx's own variables that a map, geo or split_clients may not redefine (they are not
    /// "changeable"; <c>$args</c> and <c>$limit_rate</c> are, and prefixed ones like <c>$http_x</c> are free).
    /// </summary>
    public static readonly IReadOnlySet<string> BuiltinVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        "binary_remote_addr", "body_bytes_sent", "bytes_sent", "connection", "connection_requests", "connection_time",
        "content_length", "content_type", "document_root", "document_uri", "host", "hostname", "https", "is_args",
        "msec", "nginx_version", "pid", "pipe", "proxy_protocol_addr", "proxy_protocol_port", "query_string",
        "realpath_root", "remote_addr", "remote_port", "remote_user", "request", "request_body", "request_body_file",
        "request_completion", "request_filename", "request_id", "request_length", "request_method", "request_time",
        "request_uri", "scheme", "server_addr", "server_name", "server_port", "server_protocol", "status",
        "time_iso8601", "time_local", "uri",
    };

    /// <summary>
    /// Variables defined by entry blocks in this run, with whether another block may define them again
    /// (nginx's NGX_HTTP_VAR_CHANGEABLE), kept beside the run's facts without widening them.
    /// </summary>
    private static readonly ConditionalWeakTable<ConfigFacts, Dictionary<string, bool>> Defined = new();

    public static void Map(DirectiveUse use) => Defines(use, use.Args[1]);

    /// <summary><c>geo [$address] $variable { ... }</c>.</summary>
    public static void Geo(DirectiveUse use) => Defines(use, use.Args[^1]);

    public static void SplitClients(DirectiveUse use) => Defines(use, use.Args[1]);

    /// <summary>
    /// Our <c>kv_map</c>: its variable follows etcd alone, so unlike nginx's map it may be defined by
    /// no other block, before or after it (two sources for one variable would be a silent race).
    /// </summary>
    public static void KvMap(DirectiveUse use) => Defines(use, use.Args[1], changeable: false);

    private static void Defines(DirectiveUse use, Syntax.ConfigArgument variable, bool changeable = true)
    {
        if (variable.Value.Length < 2 || variable.Value[0] != '$')
        {
            use.Error($"invalid variable name \"{variable.Value}\"", variable);
            return;
        }
        var name = variable.Value[1..].ToLowerInvariant();
        // Two maps may define one variable (the later wins); nginx's own variables may not be redefined.
        var defined = Defined.GetOrCreateValue(use.Facts);
        var existed = defined.TryGetValue(name, out var wasChangeable);
        if (BuiltinVariables.Contains(name) || (existed && !(wasChangeable && changeable)))
            use.Error($"the duplicate \"{variable.Value[1..]}\" variable", variable);
        defined[name] = changeable && (!existed || wasChangeable);
    }
}
