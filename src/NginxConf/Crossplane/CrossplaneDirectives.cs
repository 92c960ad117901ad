namespace ProxyServer.NginxConf.Crossplane;

/// <summary>
/// The contexts crossplane tells apart (its <c>CONTEXTS</c> map from a block path such as
/// <c>('http', 'location', 'if')</c> to nginx's <c>NGX_*_CONF</c> bit). A block path missing from
/// that map (the inside of <c>map</c>, <c>types</c>, <c>upstream</c> in <c>stream</c> is there, ...) is
/// not checked at all.
/// </summary>
[Flags]
public enum CrossplaneContext
{
    None = 0,
    Main = 1 << 0,
    Events = 1 << 1,
    Mail = 1 << 2,
    MailServer = 1 << 3,
    Stream = 1 << 4,
    StreamServer = 1 << 5,
    StreamUpstream = 1 << 6,
    Http = 1 << 7,
    HttpServer = 1 << 8,
    HttpLocation = 1 << 9,
    HttpUpstream = 1 << 10,
    HttpServerIf = 1 << 11,
    HttpLocationIf = 1 << 12,
    HttpLimitExcept = 1 << 13,

    /// <summary>nginx's <c>NGX_ANY_CONF</c>: every context but the insides of <c>if</c> and <c>limit_except</c>.</summary>
    AnyConf = Main | Events | Mail | MailServer | Stream | StreamServer | StreamUpstream | Http | HttpServer | HttpLocation | HttpUpstream,
}

/// <summary>
/// How many arguments a use of a directive takes, with nginx's <c>NGX_CONF_*</c> values: bit N
/// (N = 0..7) allows exactly N arguments, which crossplane tests as <c>mask &gt;&gt; n &amp; 1</c>.
/// </summary>
[Flags]
public enum CrossplaneArity
{
    None = 0,
    NoArgs = 0x0001,
    Take1 = 0x0002,
    Take2 = 0x0004,
    Take3 = 0x0008,
    Take4 = 0x0010,
    Take5 = 0x0020,
    Take6 = 0x0040,
    Take7 = 0x0080,
    Block = 0x0100,
    Flag = 0x0200,
    Any = 0x0400,
    OneOrMore = 0x0800,
    TwoOrMore = 0x1000,
}

/// <summary>One way a directive may be used: where, and with which arguments (one bit mask of crossplane's table).</summary>
public readonly record struct CrossplaneUse(CrossplaneContext Contexts, CrossplaneArity Arity);

/// <summary>
/// crossplane's own directive table (<c>crossplane/analyzer.py</c>, <c>DIRECTIVES</c>), which is what
/// its parse checks against: transcribed from the generation the corpus was made with (before
/// crossplane gave <c>map</c> and <c>types</c> bodies contexts of their own; CorpusCrossplaneStatusTests
/// shows the same verdicts on every entry). It is not nginx 1.22's table
/// (src/NginxConf/Directives): it predates some directives (<c>http2</c>, <c>ssl_conf_command</c>,
/// <c>keepalive_time</c>, <c>proxy_ssl_conf_command</c> ...), carries NGINX Plus ones, and differs in
/// places (<c>uwsgi_cache_background_update</c> takes a value, not a flag; <c>include</c> is refused
/// inside <c>if</c>). A name missing here is an unknown directive to crossplane: accepted without a
/// check, an error only with <c>--strict</c>.
/// </summary>
/// <remarks>
/// One line per directive: <c>name: contexts | arity; contexts | arity ...</c>, one <c>;</c>-separated
/// use per bit mask of crossplane's list. Contexts: <c>main events mail mail-srv stream stream-srv
/// stream-ups http srv loc ups sif lif lmt</c>, with <c>ANY</c> for nginx's <c>NGX_ANY_CONF</c> and
/// <c>http*</c>, <c>stream*</c>, <c>mail*</c> for a module's main+server(+location) trio. Arity:
/// <c>0</c>..<c>7</c> (exact counts), <c>block flag any 1+ 2+</c>. crossplane's <c>NGX_DIRECT_CONF</c> is
/// left out: no block path maps to it.
/// </remarks>
public static class CrossplaneDirectives
{
    private static readonly Dictionary<string, CrossplaneUse[]> Table = Parse(Source);

    /// <summary>crossplane's uses of <paramref name="name"/>, or null when crossplane does not know the name.</summary>
    public static IReadOnlyList<CrossplaneUse>? Lookup(string name) => Table.GetValueOrDefault(name);

    public static IReadOnlyCollection<string> Names => Table.Keys;

    private static Dictionary<string, CrossplaneUse[]> Parse(string source)
    {
        var table = new Dictionary<string, CrossplaneUse[]>(StringComparer.Ordinal);
        foreach (var raw in source.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var colon = line.IndexOf(':');
            var name = line[..colon];
            var uses = line[(colon + 1)..].Split(';', StringSplitOptions.TrimEntries)
                .Select(use => use.Split('|', StringSplitOptions.TrimEntries))
                .Select(parts => new CrossplaneUse(Contexts(parts[0]), Arity(parts[1])))
                .ToArray();
            table.Add(name, uses);
        }
        return table;
    }

    private static CrossplaneContext Contexts(string words) =>
        words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate(CrossplaneContext.None, (all, word) => all | word switch
        {
            "ANY" => CrossplaneContext.AnyConf,
            "main" => CrossplaneContext.Main,
            "events" => CrossplaneContext.Events,
            "mail" => CrossplaneContext.Mail,
            "mail-srv" => CrossplaneContext.MailServer,
            "mail*" => CrossplaneContext.Mail | CrossplaneContext.MailServer,
            "stream" => CrossplaneContext.Stream,
            "stream-srv" => CrossplaneContext.StreamServer,
            "stream-ups" => CrossplaneContext.StreamUpstream,
            "stream*" => CrossplaneContext.Stream | CrossplaneContext.StreamServer,
            "http" => CrossplaneContext.Http,
            "srv" => CrossplaneContext.HttpServer,
            "loc" => CrossplaneContext.HttpLocation,
            "ups" => CrossplaneContext.HttpUpstream,
            "sif" => CrossplaneContext.HttpServerIf,
            "lif" => CrossplaneContext.HttpLocationIf,
            "lmt" => CrossplaneContext.HttpLimitExcept,
            "http*" => CrossplaneContext.Http | CrossplaneContext.HttpServer | CrossplaneContext.HttpLocation,
            _ => throw new FormatException($"unknown context \"{word}\" in crossplane's directive table"),
        });

    private static CrossplaneArity Arity(string words) =>
        words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate(CrossplaneArity.None, (all, word) => all | word switch
        {
            [>= '0' and <= '7'] => (CrossplaneArity)(1 << (word[0] - '0')),
            "block" => CrossplaneArity.Block,
            "flag" => CrossplaneArity.Flag,
            "any" => CrossplaneArity.Any,
            "1+" => CrossplaneArity.OneOrMore,
            "2+" => CrossplaneArity.TwoOrMore,
            _ => throw new FormatException($"unknown arity \"{word}\" in crossplane's directive table"),
        });

    private const string Source = """
        absolute_redirect: http* | flag
        accept_mutex: events | flag
        accept_mutex_delay: events | 1
        access_log: http* lif lmt | 1+; stream* | 1+
        add_after_body: http* | 1
        add_before_body: http* | 1
        add_header: http* lif | 2 3
        add_trailer: http* lif | 2 3
        addition_types: http* | 1+
        aio: http* | 1
        aio_write: http* | flag
        alias: loc | 1
        allow: http* lmt | 1; stream* | 1
        ancient_browser: http* | 1+
        ancient_browser_value: http* | 1
        auth_basic: http* lmt | 1
        auth_basic_user_file: http* lmt | 1
        auth_http: mail* | 1
        auth_http_header: mail* | 2
        auth_http_pass_client_cert: mail* | flag
        auth_http_timeout: mail* | 1
        auth_request: http* | 1
        auth_request_set: http* | 2
        autoindex: http* | flag
        autoindex_exact_size: http* | flag
        autoindex_format: http* | 1
        autoindex_localtime: http* | flag
        break: srv sif loc lif | 0
        charset: http* lif | 1
        charset_map: http | block 2
        charset_types: http* | 1+
        chunked_transfer_encoding: http* | flag
        client_body_buffer_size: http* | 1
        client_body_in_file_only: http* | 1
        client_body_in_single_buffer: http* | flag
        client_body_temp_path: http* | 1 2 3 4
        client_body_timeout: http* | 1
        client_header_buffer_size: http srv | 1
        client_header_timeout: http srv | 1
        client_max_body_size: http* | 1
        connection_pool_size: http srv | 1
        create_full_put_path: http* | flag
        daemon: main | flag
        dav_access: http* | 1 2 3
        dav_methods: http* | 1+
        debug_connection: events | 1
        debug_points: main | 1
        default_type: http* | 1
        deny: http* lmt | 1; stream* | 1
        directio: http* | 1
        directio_alignment: http* | 1
        disable_symlinks: http* | 1 2
        empty_gif: loc | 0
        env: main | 1
        error_log: main | 1+; http* | 1+; mail* | 1+; stream* | 1+
        error_page: http* lif | 2+
        etag: http* | flag
        events: main | block 0
        expires: http* lif | 1 2
        fastcgi_bind: http* | 1 2
        fastcgi_buffer_size: http* | 1
        fastcgi_buffering: http* | flag
        fastcgi_buffers: http* | 2
        fastcgi_busy_buffers_size: http* | 1
        fastcgi_cache: http* | 1
        fastcgi_cache_background_update: http* | flag
        fastcgi_cache_bypass: http* | 1+
        fastcgi_cache_key: http* | 1
        fastcgi_cache_lock: http* | flag
        fastcgi_cache_lock_age: http* | 1
        fastcgi_cache_lock_timeout: http* | 1
        fastcgi_cache_max_range_offset: http* | 1
        fastcgi_cache_methods: http* | 1+
        fastcgi_cache_min_uses: http* | 1
        fastcgi_cache_path: http | 2+
        fastcgi_cache_revalidate: http* | flag
        fastcgi_cache_use_stale: http* | 1+
        fastcgi_cache_valid: http* | 1+
        fastcgi_catch_stderr: http* | 1
        fastcgi_connect_timeout: http* | 1
        fastcgi_force_ranges: http* | flag
        fastcgi_hide_header: http* | 1
        fastcgi_ignore_client_abort: http* | flag
        fastcgi_ignore_headers: http* | 1+
        fastcgi_index: http* | 1
        fastcgi_intercept_errors: http* | flag
        fastcgi_keep_conn: http* | flag
        fastcgi_limit_rate: http* | 1
        fastcgi_max_temp_file_size: http* | 1
        fastcgi_next_upstream: http* | 1+
        fastcgi_next_upstream_timeout: http* | 1
        fastcgi_next_upstream_tries: http* | 1
        fastcgi_no_cache: http* | 1+
        fastcgi_param: http* | 2 3
        fastcgi_pass: loc lif | 1
        fastcgi_pass_header: http* | 1
        fastcgi_pass_request_body: http* | flag
        fastcgi_pass_request_headers: http* | flag
        fastcgi_read_timeout: http* | 1
        fastcgi_request_buffering: http* | flag
        fastcgi_send_lowat: http* | 1
        fastcgi_send_timeout: http* | 1
        fastcgi_socket_keepalive: http* | flag
        fastcgi_split_path_info: http* | 1
        fastcgi_store: http* | 1
        fastcgi_store_access: http* | 1 2 3
        fastcgi_temp_file_write_size: http* | 1
        fastcgi_temp_path: http* | 1 2 3 4
        flv: loc | 0
        geo: http | block 1 2; stream | block 1 2
        geoip_city: http | 1 2; stream | 1 2
        geoip_country: http | 1 2; stream | 1 2
        geoip_org: http | 1 2; stream | 1 2
        geoip_proxy: http | 1
        geoip_proxy_recursive: http | flag
        google_perftools_profiles: main | 1
        grpc_bind: http* | 1 2
        grpc_buffer_size: http* | 1
        grpc_connect_timeout: http* | 1
        grpc_hide_header: http* | 1
        grpc_ignore_headers: http* | 1+
        grpc_intercept_errors: http* | flag
        grpc_next_upstream: http* | 1+
        grpc_next_upstream_timeout: http* | 1
        grpc_next_upstream_tries: http* | 1
        grpc_pass: loc lif | 1
        grpc_pass_header: http* | 1
        grpc_read_timeout: http* | 1
        grpc_send_timeout: http* | 1
        grpc_set_header: http* | 2
        grpc_socket_keepalive: http* | flag
        grpc_ssl_certificate: http* | 1
        grpc_ssl_certificate_key: http* | 1
        grpc_ssl_ciphers: http* | 1
        grpc_ssl_crl: http* | 1
        grpc_ssl_name: http* | 1
        grpc_ssl_password_file: http* | 1
        grpc_ssl_protocols: http* | 1+
        grpc_ssl_server_name: http* | flag
        grpc_ssl_session_reuse: http* | flag
        grpc_ssl_trusted_certificate: http* | 1
        grpc_ssl_verify: http* | flag
        grpc_ssl_verify_depth: http* | 1
        gunzip: http* | flag
        gunzip_buffers: http* | 2
        gzip: http* lif | flag
        gzip_buffers: http* | 2
        gzip_comp_level: http* | 1
        gzip_disable: http* | 1+
        gzip_http_version: http* | 1
        gzip_min_length: http* | 1
        gzip_proxied: http* | 1+
        gzip_static: http* | 1
        gzip_types: http* | 1+
        gzip_vary: http* | flag
        hash: ups | 1 2; stream-ups | 1 2
        http: main | block 0
        http2_body_preread_size: http srv | 1
        http2_chunk_size: http* | 1
        http2_idle_timeout: http srv | 1
        http2_max_concurrent_pushes: http srv | 1
        http2_max_concurrent_streams: http srv | 1
        http2_max_field_size: http srv | 1
        http2_max_header_size: http srv | 1
        http2_max_requests: http srv | 1
        http2_push: http* | 1
        http2_push_preload: http* | flag
        http2_recv_buffer_size: http | 1
        http2_recv_timeout: http srv | 1
        if: srv loc | block 1+
        if_modified_since: http* | 1
        ignore_invalid_headers: http srv | flag
        image_filter: loc | 1 2 3
        image_filter_buffer: http* | 1
        image_filter_interlace: http* | flag
        image_filter_jpeg_quality: http* | 1
        image_filter_sharpen: http* | 1
        image_filter_transparency: http* | flag
        image_filter_webp_quality: http* | 1
        imap_auth: mail* | 1+
        imap_capabilities: mail* | 1+
        imap_client_buffer: mail* | 1
        include: ANY | 1
        index: http* | 1+
        internal: loc | 0
        ip_hash: ups | 0
        keepalive: ups | 1
        keepalive_disable: http* | 1 2
        keepalive_requests: http* | 1; ups | 1
        keepalive_timeout: http* | 1 2; ups | 1
        large_client_header_buffers: http srv | 2
        least_conn: ups | 0; stream-ups | 0
        limit_conn: http* | 2; stream* | 2
        limit_conn_dry_run: http* | 1; stream* | 1
        limit_conn_log_level: http* | 1; stream* | 1
        limit_conn_status: http* | 1
        limit_conn_zone: http | 2; stream | 2
        limit_except: loc | block 1+
        limit_rate: http* lif | 1
        limit_rate_after: http* lif | 1
        limit_req: http* | 1 2 3
        limit_req_dry_run: http* | 1
        limit_req_log_level: http* | 1
        limit_req_status: http* | 1
        limit_req_zone: http | 3 4
        lingering_close: http* | 1
        lingering_time: http* | 1
        lingering_timeout: http* | 1
        listen: srv | 1+; mail-srv | 1+; stream-srv | 1+
        load_module: main | 1
        location: srv loc | block 1 2
        lock_file: main | 1
        log_format: http | 2+; stream | 2+
        log_not_found: http* | flag
        log_subrequest: http* | flag
        mail: main | block 0
        map: http | block 2; stream | block 2
        map_hash_bucket_size: http | 1; stream | 1
        map_hash_max_size: http | 1; stream | 1
        master_process: main | flag
        max_ranges: http* | 1
        memcached_bind: http* | 1 2
        memcached_buffer_size: http* | 1
        memcached_connect_timeout: http* | 1
        memcached_gzip_flag: http* | 1
        memcached_next_upstream: http* | 1+
        memcached_next_upstream_timeout: http* | 1
        memcached_next_upstream_tries: http* | 1
        memcached_pass: loc lif | 1
        memcached_read_timeout: http* | 1
        memcached_send_timeout: http* | 1
        memcached_socket_keepalive: http* | flag
        merge_slashes: http srv | flag
        min_delete_depth: http* | 1
        mirror: http* | 1
        mirror_request_body: http* | flag
        modern_browser: http* | 1 2
        modern_browser_value: http* | 1
        mp4: loc | 0
        mp4_buffer_size: http* | 1
        mp4_max_buffer_size: http* | 1
        msie_padding: http* | flag
        msie_refresh: http* | flag
        multi_accept: events | flag
        open_file_cache: http* | 1 2
        open_file_cache_errors: http* | flag
        open_file_cache_min_uses: http* | 1
        open_file_cache_valid: http* | 1
        open_log_file_cache: http* | 1 2 3 4; stream* | 1 2 3 4
        output_buffers: http* | 2
        override_charset: http* lif | flag
        pcre_jit: main | flag
        perl: loc lmt | 1
        perl_modules: http | 1
        perl_require: http | 1
        perl_set: http | 2
        pid: main | 1
        pop3_auth: mail* | 1+
        pop3_capabilities: mail* | 1+
        port_in_redirect: http* | flag
        postpone_output: http* | 1
        preread_buffer_size: stream* | 1
        preread_timeout: stream* | 1
        protocol: mail-srv | 1
        proxy_bind: http* | 1 2; stream* | 1 2
        proxy_buffer: mail* | 1
        proxy_buffer_size: http* | 1; stream* | 1
        proxy_buffering: http* | flag
        proxy_buffers: http* | 2
        proxy_busy_buffers_size: http* | 1
        proxy_cache: http* | 1
        proxy_cache_background_update: http* | flag
        proxy_cache_bypass: http* | 1+
        proxy_cache_convert_head: http* | flag
        proxy_cache_key: http* | 1
        proxy_cache_lock: http* | flag
        proxy_cache_lock_age: http* | 1
        proxy_cache_lock_timeout: http* | 1
        proxy_cache_max_range_offset: http* | 1
        proxy_cache_methods: http* | 1+
        proxy_cache_min_uses: http* | 1
        proxy_cache_path: http | 2+
        proxy_cache_revalidate: http* | flag
        proxy_cache_use_stale: http* | 1+
        proxy_cache_valid: http* | 1+
        proxy_connect_timeout: http* | 1; stream* | 1
        proxy_cookie_domain: http* | 1 2
        proxy_cookie_path: http* | 1 2
        proxy_download_rate: stream* | 1
        proxy_force_ranges: http* | flag
        proxy_headers_hash_bucket_size: http* | 1
        proxy_headers_hash_max_size: http* | 1
        proxy_hide_header: http* | 1
        proxy_http_version: http* | 1
        proxy_ignore_client_abort: http* | flag
        proxy_ignore_headers: http* | 1+
        proxy_intercept_errors: http* | flag
        proxy_limit_rate: http* | 1
        proxy_max_temp_file_size: http* | 1
        proxy_method: http* | 1
        proxy_next_upstream: http* | 1+; stream* | flag
        proxy_next_upstream_timeout: http* | 1; stream* | 1
        proxy_next_upstream_tries: http* | 1; stream* | 1
        proxy_no_cache: http* | 1+
        proxy_pass: loc lif lmt | 1; stream-srv | 1
        proxy_pass_error_message: mail* | flag
        proxy_pass_header: http* | 1
        proxy_pass_request_body: http* | flag
        proxy_pass_request_headers: http* | flag
        proxy_protocol: stream* | flag
        proxy_protocol_timeout: stream* | 1
        proxy_read_timeout: http* | 1
        proxy_redirect: http* | 1 2
        proxy_request_buffering: http* | flag
        proxy_requests: stream* | 1
        proxy_responses: stream* | 1
        proxy_send_lowat: http* | 1
        proxy_send_timeout: http* | 1
        proxy_set_body: http* | 1
        proxy_set_header: http* | 2
        proxy_socket_keepalive: http* | flag; stream* | flag
        proxy_ssl: stream* | flag
        proxy_ssl_certificate: http* | 1; stream* | 1
        proxy_ssl_certificate_key: http* | 1; stream* | 1
        proxy_ssl_ciphers: http* | 1; stream* | 1
        proxy_ssl_crl: http* | 1; stream* | 1
        proxy_ssl_name: http* | 1; stream* | 1
        proxy_ssl_password_file: http* | 1; stream* | 1
        proxy_ssl_protocols: http* | 1+; stream* | 1+
        proxy_ssl_server_name: http* | flag; stream* | flag
        proxy_ssl_session_reuse: http* | flag; stream* | flag
        proxy_ssl_trusted_certificate: http* | 1; stream* | 1
        proxy_ssl_verify: http* | flag; stream* | flag
        proxy_ssl_verify_depth: http* | 1; stream* | 1
        proxy_store: http* | 1
        proxy_store_access: http* | 1 2 3
        proxy_temp_file_write_size: http* | 1
        proxy_temp_path: http* | 1 2 3 4
        proxy_timeout: mail* | 1; stream* | 1
        proxy_upload_rate: stream* | 1
        random: ups | 0 1 2; stream-ups | 0 1 2
        random_index: loc | flag
        read_ahead: http* | 1
        real_ip_header: http* | 1
        real_ip_recursive: http* | flag
        recursive_error_pages: http* | flag
        referer_hash_bucket_size: srv loc | 1
        referer_hash_max_size: srv loc | 1
        request_pool_size: http srv | 1
        reset_timedout_connection: http* | flag
        resolver: http* | 1+; ups | 1+; mail* | 1+; stream* | 1+
        resolver_timeout: http* | 1; mail* | 1; stream* | 1
        return: srv sif loc lif | 1 2; stream-srv | 1
        rewrite: srv sif loc lif | 2 3
        rewrite_log: http srv sif loc lif | flag
        root: http* lif | 1
        satisfy: http* | 1
        scgi_bind: http* | 1 2
        scgi_buffer_size: http* | 1
        scgi_buffering: http* | flag
        scgi_buffers: http* | 2
        scgi_busy_buffers_size: http* | 1
        scgi_cache: http* | 1
        scgi_cache_background_update: http* | flag
        scgi_cache_bypass: http* | 1+
        scgi_cache_key: http* | 1
        scgi_cache_lock: http* | flag
        scgi_cache_lock_age: http* | 1
        scgi_cache_lock_timeout: http* | 1
        scgi_cache_max_range_offset: http* | 1
        scgi_cache_methods: http* | 1+
        scgi_cache_min_uses: http* | 1
        scgi_cache_path: http | 2+
        scgi_cache_revalidate: http* | flag
        scgi_cache_use_stale: http* | 1+
        scgi_cache_valid: http* | 1+
        scgi_connect_timeout: http* | 1
        scgi_force_ranges: http* | flag
        scgi_hide_header: http* | 1
        scgi_ignore_client_abort: http* | flag
        scgi_ignore_headers: http* | 1+
        scgi_intercept_errors: http* | flag
        scgi_limit_rate: http* | 1
        scgi_max_temp_file_size: http* | 1
        scgi_next_upstream: http* | 1+
        scgi_next_upstream_timeout: http* | 1
        scgi_next_upstream_tries: http* | 1
        scgi_no_cache: http* | 1+
        scgi_param: http* | 2 3
        scgi_pass: loc lif | 1
        scgi_pass_header: http* | 1
        scgi_pass_request_body: http* | flag
        scgi_pass_request_headers: http* | flag
        scgi_read_timeout: http* | 1
        scgi_request_buffering: http* | flag
        scgi_send_timeout: http* | 1
        scgi_socket_keepalive: http* | flag
        scgi_store: http* | 1
        scgi_store_access: http* | 1 2 3
        scgi_temp_file_write_size: http* | 1
        scgi_temp_path: http* | 1 2 3 4
        secure_link: http* | 1
        secure_link_md5: http* | 1
        secure_link_secret: http* | 1
        send_lowat: http* | 1
        send_timeout: http* | 1
        sendfile: http* lif | flag
        sendfile_max_chunk: http* | 1
        server: http | block 0; ups | 1+; mail | block 0; stream | block 0; stream-ups | 1+
        server_name: srv | 1+; mail* | 1
        server_name_in_redirect: http* | flag
        server_names_hash_bucket_size: http | 1
        server_names_hash_max_size: http | 1
        server_tokens: http* | 1
        set: srv sif loc lif | 2
        set_real_ip_from: http* | 1; stream* | 1
        slice: http* | 1
        smtp_auth: mail* | 1+
        smtp_capabilities: mail* | 1+
        smtp_client_buffer: mail* | 1
        smtp_greeting_delay: mail* | 1
        source_charset: http* lif | 1
        spdy_chunk_size: http* | 1
        spdy_headers_comp: http srv | 1
        split_clients: http | block 2; stream | block 2
        ssi: http* lif | flag
        ssi_last_modified: http* | flag
        ssi_min_file_chunk: http* | 1
        ssi_silent_errors: http* | flag
        ssi_types: http* | 1+
        ssi_value_length: http* | 1
        ssl: http srv | flag; mail* | flag
        ssl_buffer_size: http srv | 1
        ssl_certificate: http srv | 1; mail* | 1; stream* | 1
        ssl_certificate_key: http srv | 1; mail* | 1; stream* | 1
        ssl_ciphers: http srv | 1; mail* | 1; stream* | 1
        ssl_client_certificate: http srv | 1; mail* | 1; stream* | 1
        ssl_crl: http srv | 1; mail* | 1; stream* | 1
        ssl_dhparam: http srv | 1; mail* | 1; stream* | 1
        ssl_early_data: http srv | flag
        ssl_ecdh_curve: http srv | 1; mail* | 1; stream* | 1
        ssl_engine: main | 1
        ssl_handshake_timeout: stream* | 1
        ssl_password_file: http srv | 1; mail* | 1; stream* | 1
        ssl_prefer_server_ciphers: http srv | flag; mail* | flag; stream* | flag
        ssl_preread: stream* | flag
        ssl_protocols: http srv | 1+; mail* | 1+; stream* | 1+
        ssl_session_cache: http srv | 1 2; mail* | 1 2; stream* | 1 2
        ssl_session_ticket_key: http srv | 1; mail* | 1; stream* | 1
        ssl_session_tickets: http srv | flag; mail* | flag; stream* | flag
        ssl_session_timeout: http srv | 1; mail* | 1; stream* | 1
        ssl_stapling: http srv | flag
        ssl_stapling_file: http srv | 1
        ssl_stapling_responder: http srv | 1
        ssl_stapling_verify: http srv | flag
        ssl_trusted_certificate: http srv | 1; mail* | 1; stream* | 1
        ssl_verify_client: http srv | 1; mail* | 1; stream* | 1
        ssl_verify_depth: http srv | 1; mail* | 1; stream* | 1
        starttls: mail* | 1
        stream: main | block 0
        stub_status: srv loc | 0 1
        sub_filter: http* | 2
        sub_filter_last_modified: http* | flag
        sub_filter_once: http* | flag
        sub_filter_types: http* | 1+
        subrequest_output_buffer_size: http* | 1
        tcp_nodelay: http* | flag; stream* | flag
        tcp_nopush: http* | flag
        thread_pool: main | 2 3
        timeout: mail* | 1
        timer_resolution: main | 1
        try_files: srv loc | 2+
        types: http* | block 0
        types_hash_bucket_size: http* | 1
        types_hash_max_size: http* | 1
        underscores_in_headers: http srv | flag
        uninitialized_variable_warn: http srv sif loc lif | flag
        upstream: http | block 1; stream | block 1
        use: events | 1
        user: main | 1 2
        userid: http* | 1
        userid_domain: http* | 1
        userid_expires: http* | 1
        userid_mark: http* | 1
        userid_name: http* | 1
        userid_p3p: http* | 1
        userid_path: http* | 1
        userid_service: http* | 1
        uwsgi_bind: http* | 1 2
        uwsgi_buffer_size: http* | 1
        uwsgi_buffering: http* | flag
        uwsgi_buffers: http* | 2
        uwsgi_busy_buffers_size: http* | 1
        uwsgi_cache: http* | 1
        uwsgi_cache_background_update: http* | 1
        uwsgi_cache_bypass: http* | 1+
        uwsgi_cache_key: http* | 1
        uwsgi_cache_lock: http* | flag
        uwsgi_cache_lock_age: http* | 1
        uwsgi_cache_lock_timeout: http* | 1
        uwsgi_cache_max_range_offset: http* | 1
        uwsgi_cache_methods: http* | 1+
        uwsgi_cache_min_uses: http* | 1
        uwsgi_cache_path: http | 2+
        uwsgi_cache_revalidate: http* | flag
        uwsgi_cache_use_stale: http* | 1+
        uwsgi_cache_valid: http* | 1+
        uwsgi_connect_timeout: http* | 1
        uwsgi_force_ranges: http* | flag
        uwsgi_hide_header: http* | 1
        uwsgi_ignore_client_abort: http* | flag
        uwsgi_ignore_headers: http* | 1+
        uwsgi_intercept_errors: http* | flag
        uwsgi_limit_rate: http* | 1
        uwsgi_max_temp_file_size: http* | 1
        uwsgi_modifier1: http* | 1
        uwsgi_modifier2: http* | 1
        uwsgi_next_upstream: http* | 1+
        uwsgi_next_upstream_timeout: http* | 1
        uwsgi_next_upstream_tries: http* | 1
        uwsgi_no_cache: http* | 1+
        uwsgi_param: http* | 2 3
        uwsgi_pass: loc lif | 1
        uwsgi_pass_header: http* | 1
        uwsgi_pass_request_body: http* | flag
        uwsgi_pass_request_headers: http* | flag
        uwsgi_read_timeout: http* | 1
        uwsgi_request_buffering: http* | flag
        uwsgi_send_timeout: http* | 1
        uwsgi_socket_keepalive: http* | flag
        uwsgi_ssl_certificate: http* | 1
        uwsgi_ssl_certificate_key: http* | 1
        uwsgi_ssl_ciphers: http* | 1
        uwsgi_ssl_crl: http* | 1
        uwsgi_ssl_name: http* | 1
        uwsgi_ssl_password_file: http* | 1
        uwsgi_ssl_protocols: http* | 1+
        uwsgi_ssl_server_name: http* | flag
        uwsgi_ssl_session_reuse: http* | flag
        uwsgi_ssl_trusted_certificate: http* | 1
        uwsgi_ssl_verify: http* | flag
        uwsgi_ssl_verify_depth: http* | 1
        uwsgi_store: http* | 1
        uwsgi_store_access: http* | 1 2 3
        uwsgi_temp_file_write_size: http* | 1
        uwsgi_temp_path: http* | 1 2 3 4
        valid_referers: srv loc | 1+
        variables_hash_bucket_size: http | 1; stream | 1
        variables_hash_max_size: http | 1; stream | 1
        worker_aio_requests: events | 1
        worker_connections: events | 1
        worker_cpu_affinity: main | 1+
        worker_priority: main | 1
        worker_processes: main | 1
        worker_rlimit_core: main | 1
        worker_rlimit_nofile: main | 1
        worker_shutdown_timeout: main | 1
        working_directory: main | 1
        xclient: mail* | flag
        xml_entities: http* | 1
        xslt_last_modified: http* | flag
        xslt_param: http* | 2
        xslt_string_param: http* | 2
        xslt_stylesheet: loc | 1+
        xslt_types: http* | 1+
        zone: ups | 1 2; stream-ups | 1 2
        # NGINX Plus, as crossplane read them from the documentation
        api: loc | 0 1
        auth_jwt: http* | 1 2
        auth_jwt_claim_set: http | 2+
        auth_jwt_header_set: http | 2+
        auth_jwt_key_file: http* | 1
        auth_jwt_key_request: http* | 1
        auth_jwt_leeway: http* | 1
        f4f: loc | 0
        f4f_buffer_size: http* | 1
        fastcgi_cache_purge: http* | 1+
        health_check: loc | any; stream-srv | any
        health_check_timeout: stream* | 1
        hls: loc | 0
        hls_buffers: http* | 2
        hls_forward_args: http* | flag
        hls_fragment: http* | 1
        hls_mp4_buffer_size: http* | 1
        hls_mp4_max_buffer_size: http* | 1
        js_access: stream* | 1
        js_content: loc lmt | 1
        js_filter: stream* | 1
        js_include: http | 1; stream | 1
        js_path: http | 1
        js_preread: stream* | 1
        js_set: http | 2; stream | 2
        keyval: http | 3; stream | 3
        keyval_zone: http | 1+; stream | 1+
        least_time: ups | 1 2; stream-ups | 1 2
        limit_zone: http | 3
        match: http | block 1; stream | block 1
        memcached_force_ranges: http* | flag
        mp4_limit_rate: http* | 1
        mp4_limit_rate_after: http* | 1
        ntlm: ups | 0
        proxy_cache_purge: http* | 1+
        queue: ups | 1 2
        scgi_cache_purge: http* | 1+
        session_log: http* | 1
        session_log_format: http | 2+
        session_log_zone: http | 2 3 4 5 6
        state: ups | 1; stream-ups | 1
        status: loc | 0
        status_format: http* | 1 2
        status_zone: srv | 1; stream-srv | 1; loc | 1; lif | 1
        sticky: ups | 1+
        sticky_cookie_insert: ups | 1 2 3 4
        upstream_conf: loc | 0
        uwsgi_cache_purge: http* | 1+
        zone_sync: stream-srv | 0
        zone_sync_buffers: stream* | 2
        zone_sync_connect_retry_interval: stream* | 1
        zone_sync_connect_timeout: stream* | 1
        zone_sync_interval: stream* | 1
        zone_sync_recv_buffer_size: stream* | 1
        zone_sync_server: stream-srv | 1 2
        zone_sync_ssl: stream* | flag
        zone_sync_ssl_certificate: stream* | 1
        zone_sync_ssl_certificate_key: stream* | 1
        zone_sync_ssl_ciphers: stream* | 1
        zone_sync_ssl_crl: stream* | 1
        zone_sync_ssl_name: stream* | 1
        zone_sync_ssl_password_file: stream* | 1
        zone_sync_ssl_protocols: stream* | 1+
        zone_sync_ssl_server_name: stream* | flag
        zone_sync_ssl_trusted_certificate: stream* | 1
        zone_sync_ssl_verify: stream* | flag
        zone_sync_ssl_verify_depth: stream* | 1
        zone_sync_timeout: stream* | 1
        """;
}
