namespace ProxyServer.NginxConf.Directives;

/// <summary>What proxyserver does with a directive nginx knows.</summary>
public enum DirectiveSupport
{
    /// <summary>Served with nginx's behaviour.</summary>
    Implemented,
    /// <summary>Valid and checked, but without effect here (e.g. <c>worker_processes</c>, <c>sendfile</c>, <c>gzip</c>).</summary>
    AcceptedIgnored,
    /// <summary>Valid nginx, but a feature proxyserver does not offer (fastcgi, caching, stream...): <c>check</c> warns.</summary>
    NotSupported,
}
