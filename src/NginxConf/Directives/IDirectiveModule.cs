namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// One nginx module's directives. Adding a module to proxyserver is one class implementing this
/// plus one line in <see cref="DirectiveTable.Modules"/>.
/// </summary>
public interface IDirectiveModule
{
    /// <summary>nginx's module name, e.g. <c>ngx_http_upstream_module</c>.</summary>
    string Name { get; }

    IEnumerable<DirectiveSpec> Directives { get; }
}
