namespace ProxyServer.NginxConf.Directives.Modules;

/// <summary>The keys of <c>ngx_http_core_module</c>'s directives the runtime reads.</summary>
public sealed partial class HttpCoreDirectives
{
    public static readonly DirectiveKey Http = new("http");
    /// <summary><c>server { }</c> in http (the upstream block's <c>server</c> is <see cref="UpstreamDirectives.Server"/>).</summary>
    public static readonly DirectiveKey Server = new("server");
    public static readonly DirectiveKey Location = new("location");
    public static readonly DirectiveKey Listen = new("listen");
    public static readonly DirectiveKey ServerName = new("server_name");
    public static readonly DirectiveKey Types = new("types");
    public static readonly DirectiveKey TryFiles = new("try_files");
    public static readonly DirectiveKey<string> Root = DirectiveKey.Text("root", "html");
    public static readonly DirectiveKey Alias = new("alias");
    public static readonly DirectiveKey ErrorPage = new("error_page");
    public static readonly DirectiveKey Internal = new("internal");
    /// <summary><c>on | off | build</c>, read by its own rule.</summary>
    public static readonly DirectiveKey ServerTokens = new("server_tokens");
    /// <summary>0 = unlimited.</summary>
    public static readonly DirectiveKey<long> ClientMaxBodySize = DirectiveKey.Size("client_max_body_size", 1024 * 1024);
    public static readonly DirectiveKey<bool> RecursiveErrorPages = DirectiveKey.Flag("recursive_error_pages", false);
    public static readonly DirectiveKey<string> DefaultType = DirectiveKey.Text("default_type", "text/plain");
    public static readonly DirectiveKey<bool> AbsoluteRedirect = DirectiveKey.Flag("absolute_redirect", true);
    public static readonly DirectiveKey<bool> PortInRedirect = DirectiveKey.Flag("port_in_redirect", true);
    public static readonly DirectiveKey<bool> ServerNameInRedirect = DirectiveKey.Flag("server_name_in_redirect", false);
    public static readonly DirectiveKey<bool> MsiePadding = DirectiveKey.Flag("msie_padding", true);
    public static readonly DirectiveKey<bool> MsieRefresh = DirectiveKey.Flag("msie_refresh", false);
    public static readonly DirectiveKey<TimeSpan> ClientBodyTimeout = DirectiveKey.Time("client_body_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey<bool> LogNotFound = DirectiveKey.Flag("log_not_found", true);
    /// <summary>The first argument (the second, the <c>Keep-Alive: timeout=</c> header, is not sent).</summary>
    public static readonly DirectiveKey<TimeSpan> KeepaliveTimeout = DirectiveKey.Time("keepalive_timeout", TimeSpan.FromSeconds(75));
    public static readonly DirectiveKey<TimeSpan> ClientHeaderTimeout = DirectiveKey.Time("client_header_timeout", TimeSpan.FromSeconds(60));
    public static readonly DirectiveKey LargeClientHeaderBuffers = new("large_client_header_buffers");
    public static readonly DirectiveKey<long> ClientHeaderBufferSize = DirectiveKey.Size("client_header_buffer_size", 1024);
    public static readonly DirectiveKey<bool> Etag = DirectiveKey.Flag("etag", true);
    public static readonly DirectiveKey IfModifiedSince = new("if_modified_since");
    public static readonly DirectiveKey MaxRanges = new("max_ranges");
    public static readonly DirectiveKey Resolver = new("resolver");
    public static readonly DirectiveKey<TimeSpan> ResolverTimeout = DirectiveKey.Time("resolver_timeout", TimeSpan.FromSeconds(30));
}
