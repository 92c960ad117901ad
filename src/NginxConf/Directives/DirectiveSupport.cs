namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// What proxyserver does with a directive nginx knows. The rule is "fail closed": a directive we do not
/// carry out may be ignored only where serving without it can expose nothing and lose nothing; anything
/// else refuses the config until it works.
/// </summary>
public enum DirectiveSupport
{
    /// <summary>Served with nginx's behaviour.</summary>
    Implemented,

    /// <summary>
    /// Valid and checked, but without effect here, and harmless to leave out: what a client gets is not
    /// less protected and nothing is lost (<c>sendfile</c>, <c>worker_processes</c>, <c>gzip</c>,
    /// <c>proxy_cache</c>). <c>check</c> and <c>run</c> say once per directive that it is ignored.
    /// </summary>
    Ignored,

    /// <summary>
    /// Not carried out, and serving without it could expose what it protects or lose what it keeps
    /// (<c>deny</c>, <c>auth_basic</c>, <c>limit_req</c>, <c>fastcgi_pass</c> whose location would serve
    /// the script's source, <c>mirror</c>, <c>fastcgi_store</c>): an error in <c>check</c>, <c>-t</c> and
    /// <c>run</c>, with a note that says what is missing. A lone <c>off</c> argument is accepted, as it
    /// asks for nothing we lack.
    /// </summary>
    Refused,
}
