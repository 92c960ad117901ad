using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_memcached_module</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class MemcachedModule : IDirectiveModule
{
    public string Name => "ngx_http_memcached_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("memcached_bind", HttpAny, Arity.Take1 | Arity.Take2, Ignored) { Note = "memcached backends are not supported" },
        new("memcached_buffer_size", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Size, Note = "memcached backends are not supported" },
        new("memcached_connect_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "memcached backends are not supported" },
        new("memcached_gzip_flag", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "memcached backends are not supported" },
        new("memcached_next_upstream", HttpAny, Arity.OneOrMore, Ignored) { Repeatable = true, Note = "memcached backends are not supported" },
        new("memcached_next_upstream_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "memcached backends are not supported" },
        new("memcached_next_upstream_tries", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Number, Note = "memcached backends are not supported" },
        new("memcached_pass", Location | IfInLocation, Arity.Take1, Refused) { Check = ProxyChecks.OtherPass, Note = "memcached is not served yet: the location would serve static files instead" },
        new("memcached_read_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "memcached backends are not supported" },
        new("memcached_send_timeout", HttpAny, Arity.Take1, Ignored) { Value = ValueKind.Time, Note = "memcached backends are not supported" },
        new("memcached_socket_keepalive", HttpAny, Arity.Flag, Ignored) { Value = ValueKind.Flag, Note = "memcached backends are not supported" },
    ];
}
