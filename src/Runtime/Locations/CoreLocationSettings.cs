using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Locations;

/// <summary>The http core module's per-location settings the request pipeline reads (inheritance applied).</summary>
public sealed record CoreLocationSettings
{
    /// <summary>0 = unlimited (nginx's <c>client_max_body_size 0</c>); default 1m.</summary>
    public long ClientMaxBodySize { get; init; } = HttpCoreDirectives.ClientMaxBodySize.Default;

    /// <summary><c>client_body_buffer_size</c>: a body larger than this is not in memory for <c>$request_body</c>.</summary>
    public long ClientBodyBufferSize { get; init; } = HttpCoreDirectives.ClientBodyBufferSize.Default;
    /// <summary><c>client_body_in_file_only</c>: a read body always goes to a temp file (kept with on, deleted with clean).</summary>
    public Http.ClientBodyInFileOnly ClientBodyInFileOnly { get; init; }

    /// <summary><c>client_body_temp_path</c>: where a body larger than <see cref="ClientBodyBufferSize"/> goes (default: prefix/client_body_temp).</summary>
    public Http.ClientBodyTempPath ClientBodyTempPath { get; init; } = new("client_body_temp", []);
    public IReadOnlyDictionary<int, ErrorPage> ErrorPages { get; init; } = new Dictionary<int, ErrorPage>();
    public bool RecursiveErrorPages { get; init; }
    public string DefaultType { get; init; } = HttpCoreDirectives.DefaultType.Default;
    public bool ServerTokens { get; init; } = true;
    public bool AbsoluteRedirect { get; init; } = HttpCoreDirectives.AbsoluteRedirect.Default;
    public bool PortInRedirect { get; init; } = HttpCoreDirectives.PortInRedirect.Default;
    public bool ServerNameInRedirect { get; init; }
    public bool MsiePadding { get; init; } = HttpCoreDirectives.MsiePadding.Default;
    /// <summary><c>chunked_transfer_encoding</c>: an HTTP/1.1 response may be chunked to carry trailers (<c>add_trailer</c>).</summary>
    public bool ChunkedTransferEncoding { get; init; } = HttpCoreDirectives.ChunkedTransferEncoding.Default;
    /// <summary><c>msie_refresh</c>: MSIE gets a 200 page with a Refresh meta tag instead of a 301/302.</summary>
    public bool MsieRefresh { get; init; }
    /// <summary><c>client_body_timeout</c>: the longest wait between two reads of the request body.</summary>
    public TimeSpan ClientBodyTimeout { get; init; } = HttpCoreDirectives.ClientBodyTimeout.Default;
    /// <summary><c>internal;</c> — only internal redirects may reach this location.</summary>
    public bool Internal { get; init; }
    public bool LogNotFound { get; init; } = HttpCoreDirectives.LogNotFound.Default;

    /// <summary><c>log_subrequest on</c>: a subrequest that ends in this location writes its own access-log line.</summary>
    public bool LogSubrequest { get; init; } = HttpCoreDirectives.LogSubrequest.Default;
    /// <summary><c>subrequest_output_buffer_size</c>: the most an in-memory subrequest ending here may answer.</summary>
    public long SubrequestOutputBufferSize { get; init; } = HttpCoreDirectives.SubrequestOutputBufferSize.Default;
    public string Root { get; init; } = HttpCoreDirectives.Root.Default;
    public TimeSpan KeepaliveTimeout { get; init; } = HttpCoreDirectives.KeepaliveTimeout.Default;
    /// <summary><c>keepalive_timeout</c>'s second value: the <c>Keep-Alive: timeout=N</c> header of a kept connection's responses.</summary>
    public long? KeepaliveHeaderSeconds { get; init; }
    /// <summary><c>ignore_invalid_headers</c> (a server's): header lines whose names have other than letters, digits, '-' (and '_' with <c>underscores_in_headers</c>) are dropped.</summary>
    public bool IgnoreInvalidHeaders { get; init; } = HttpCoreDirectives.IgnoreInvalidHeaders.Default;
    public bool UnderscoresInHeaders { get; init; }
    /// <summary><c>keepalive_requests</c>: the response to this many'th request of a connection closes it.</summary>
    public long KeepaliveRequests { get; init; } = HttpCoreDirectives.KeepaliveRequests.Default;
    /// <summary><c>keepalive_time</c>: a connection older than this closes after its current request.</summary>
    public TimeSpan KeepaliveTime { get; init; } = HttpCoreDirectives.KeepaliveTime.Default;
    /// <summary><c>keepalive_disable</c>: msie6 (POSTs of MSIE 4-6) and safari browsers get no kept connection (default msie6).</summary>
    public bool KeepaliveDisableMsie6 { get; init; } = true;
    public bool KeepaliveDisableSafari { get; init; }
    /// <summary><c>satisfy any</c>: one access check granting access is enough (default <c>all</c>: every check must).</summary>
    public bool SatisfyAny { get; init; }
    /// <summary><c>auth_delay</c>: how long a 401 from the access phase waits before it is sent.</summary>
    public TimeSpan AuthDelay { get; init; } = HttpCoreDirectives.AuthDelay.Default;
    /// <summary><c>limit_rate</c> (bytes per second, with variables); null for 0, nginx's default (no limit).</summary>
    public ComplexValue? LimitRate { get; init; }
    /// <summary><c>limit_rate_after</c>: the bytes sent before <see cref="LimitRate"/> applies; null for 0.</summary>
    public ComplexValue? LimitRateAfter { get; init; }
    /// <summary><c>send_timeout</c>: the longest a write to the client may wait for it to take bytes.</summary>
    public TimeSpan SendTimeout { get; init; } = HttpCoreDirectives.SendTimeout.Default;
}

/// <summary>
/// <c>error_page CODE ... [=[RESPONSE]] URI</c> for one code. <see cref="Overwrite"/>: the status
/// sent after the redirect; null with <c>=</c> alone (the new location decides), the original code
/// without <c>=</c>.
/// </summary>
public sealed record ErrorPage(int Code, int? Overwrite, ComplexValue Target);
