using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary><c>ngx_http_memcached_module</c>: what proxyserver does with each directive. Contexts, arity and blocks are nginx 1.22's own answers (Generated/ProbedDirectives.g.cs).</summary>
public sealed class MemcachedDirectives : IDirectiveModule
{
    public static readonly DirectiveKey Pass = new("memcached_pass");
    public static readonly DirectiveKey<TimeSpan> ConnectTimeout = DirectiveKey.Time("memcached_connect_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<TimeSpan> ReadTimeout = DirectiveKey.Time("memcached_read_timeout", TimeSpan.FromSeconds(60));
    /// <summary>nginx's default is one memory page: the <c>VALUE</c> line must fit in it.</summary>
    public static readonly DirectiveKey<long> BufferSize = DirectiveKey.Size("memcached_buffer_size", 4096);
    /// <summary>0: no flag marks a gzipped value.</summary>
    public static readonly DirectiveKey<long> GzipFlag = DirectiveKey.Number("memcached_gzip_flag", 0);
    public static readonly DirectiveKey NextUpstream = new("memcached_next_upstream");
    /// <summary>0: no limit.</summary>
    public static readonly DirectiveKey<long> NextUpstreamTries = DirectiveKey.Number("memcached_next_upstream_tries", 0);
    /// <summary>0: no limit.</summary>
    public static readonly DirectiveKey<TimeSpan> NextUpstreamTimeout = DirectiveKey.Time("memcached_next_upstream_timeout", TimeSpan.Zero);

    public string Name => "ngx_http_memcached_module";

    public IEnumerable<DirectiveSpec> Directives =>
    [
        new("memcached_bind", Ignored) { Note = "connections to memcached leave from the address the system picks" },
        new(BufferSize, Implemented) { Value = ValueKind.Size },
        new(ConnectTimeout, Implemented) { Value = ValueKind.Time },
        new(GzipFlag, Implemented) { Value = ValueKind.Number },
        new(NextUpstream, Implemented) { Value = ValueKind.ChoiceList, Choices = ["error", "timeout", "invalid_response", "not_found", "off"] },
        new(NextUpstreamTimeout, Implemented) { Value = ValueKind.Time },
        new(NextUpstreamTries, Implemented) { Value = ValueKind.Number },
        new(Pass, Implemented) { Check = ProxyChecks.OtherPass },
        new(ReadTimeout, Implemented) { Value = ValueKind.Time },
        new("memcached_send_timeout", Ignored) { Value = ValueKind.Time, Note = "the one-line request is sent upstream without a timeout of its own" },
        new("memcached_socket_keepalive", Ignored) { Value = ValueKind.Flag },
    ];
}
