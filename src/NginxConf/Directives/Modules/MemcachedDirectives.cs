using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_memcached_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class MemcachedDirectives : IDirectiveModule
{
    public string Name => "ngx_http_memcached_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("memcached_bind", Ignored) { Note = "memcached backends are not supported" },
        new("memcached_buffer_size", Ignored) { Value = ValueKind.Size, Note = "memcached backends are not supported" },
        new("memcached_connect_timeout", Ignored) { Value = ValueKind.Time, Note = "memcached backends are not supported" },
        new("memcached_gzip_flag", Ignored) { Value = ValueKind.Number, Note = "memcached backends are not supported" },
        new("memcached_next_upstream", Ignored) { Note = "memcached backends are not supported" },
        new("memcached_next_upstream_timeout", Ignored) { Value = ValueKind.Time, Note = "memcached backends are not supported" },
        new("memcached_next_upstream_tries", Ignored) { Value = ValueKind.Number, Note = "memcached backends are not supported" },
        new("memcached_pass", Refused) { Check = ProxyChecks.OtherPass, Note = "memcached is not served yet: the location would serve static files instead" },
        new("memcached_read_timeout", Ignored) { Value = ValueKind.Time, Note = "memcached backends are not supported" },
        new("memcached_send_timeout", Ignored) { Value = ValueKind.Time, Note = "memcached backends are not supported" },
        new("memcached_socket_keepalive", Ignored) { Value = ValueKind.Flag, Note = "memcached backends are not supported" },
    ];
}
