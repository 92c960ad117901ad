#!/usr/bin/env python3
"""Writes Modules/*.cs from the oracle's answers (probe.json, dups.json, values.json) plus the
knowledge below: which nginx module defines each directive, what proxyserver does with it, and
which directives have a richer check. Run from this folder; review the diff like any code change."""
import json, re, os
from collections import OrderedDict

probe = json.load(open("probe.json"))
dups = json.load(open("dups.json"))
values = json.load(open("values.json"))

# module class -> (nginx module name, default support, note, names or name prefixes)
MODULES = OrderedDict([
    ("CoreModule", ("ngx_core_module", "AcceptedIgnored", None, "daemon master_process timer_resolution pid lock_file worker_processes debug_points user worker_priority worker_cpu_affinity worker_rlimit_nofile worker_rlimit_core worker_shutdown_timeout working_directory env load_module include pcre_jit thread_pool ssl_engine".split())),
    ("ErrorLogModule", ("ngx_errlog_module", "Implemented", None, ["error_log"])),
    ("EventsModule", ("ngx_events_module", "AcceptedIgnored", None, "events worker_connections use multi_accept accept_mutex accept_mutex_delay debug_connection epoll_events worker_aio_requests".split())),
    ("UpstreamModule", ("ngx_http_upstream_module", "Implemented", None, ["upstream", "server@Upstream"])),
    ("UpstreamHashModule", ("ngx_http_upstream_hash_module", "Implemented", None, ["hash"])),
    ("UpstreamIpHashModule", ("ngx_http_upstream_ip_hash_module", "Implemented", None, ["ip_hash"])),
    ("UpstreamLeastConnModule", ("ngx_http_upstream_least_conn_module", "Implemented", None, ["least_conn"])),
    ("UpstreamRandomModule", ("ngx_http_upstream_random_module", "Implemented", None, ["random"])),
    ("UpstreamKeepaliveModule", ("ngx_http_upstream_keepalive_module", "Implemented", None, ["keepalive", "keepalive_requests@Upstream", "keepalive_time@Upstream", "keepalive_timeout@Upstream"])),
    ("UpstreamZoneModule", ("ngx_http_upstream_zone_module", "AcceptedIgnored", None, ["zone"])),
    ("ProxyModule", ("ngx_http_proxy_module", "Implemented", None, ["proxy_"])),
    ("RewriteModule", ("ngx_http_rewrite_module", "Implemented", None, "rewrite return break if set rewrite_log uninitialized_variable_warn".split())),
    ("MapModule", ("ngx_http_map_module", "Implemented", None, ["map", "map_hash_"])),
    ("IndexModule", ("ngx_http_index_module", "Implemented", None, ["index"])),
    ("AutoindexModule", ("ngx_http_autoindex_module", "NotSupported", "directory listings are not served", ["autoindex"])),
    ("LogModule", ("ngx_http_log_module", "Implemented", None, "access_log log_format open_log_file_cache".split())),
    ("HeadersModule", ("ngx_http_headers_module", "Implemented", None, "add_header add_trailer expires".split())),
    ("RealIpModule", ("ngx_http_realip_module", "Implemented", None, "set_real_ip_from real_ip_header real_ip_recursive".split())),
    ("SslModule", ("ngx_http_ssl_module", "AcceptedIgnored", "TLS is accepted but not served yet", ["ssl"])),
    ("Http2Module", ("ngx_http_v2_module", "AcceptedIgnored", "HTTP/2 settings are Kestrel's", ["http2_"])),
    ("GzipModule", ("ngx_http_gzip_module", "AcceptedIgnored", "responses are not compressed", ["gzip"])),
    ("GzipStaticModule", ("ngx_http_gzip_static_module", "AcceptedIgnored", "precompressed files are not looked for", ["gzip_static"])),
    ("GunzipModule", ("ngx_http_gunzip_module", "AcceptedIgnored", "responses are passed as they come", ["gunzip"])),
    ("LimitReqModule", ("ngx_http_limit_req_module", "AcceptedIgnored", "request rate limits are not enforced", ["limit_req"])),
    ("LimitConnModule", ("ngx_http_limit_conn_module", "AcceptedIgnored", "connection limits are not enforced", ["limit_conn"])),
    ("AccessModule", ("ngx_http_access_module", "NotSupported", "allow/deny is not enforced", ["allow", "deny"])),
    ("AuthBasicModule", ("ngx_http_auth_basic_module", "NotSupported", None, ["auth_basic"])),
    ("AuthRequestModule", ("ngx_http_auth_request_module", "NotSupported", None, ["auth_request"])),
    ("StubStatusModule", ("ngx_http_stub_status_module", "Implemented", None, ["stub_status"])),
    ("CharsetModule", ("ngx_http_charset_module", "AcceptedIgnored", "bodies are not recoded", "charset charset_map charset_types source_charset override_charset".split())),
    ("FastCgiModule", ("ngx_http_fastcgi_module", "NotSupported", "FastCGI backends are not supported", ["fastcgi_"])),
    ("UwsgiModule", ("ngx_http_uwsgi_module", "NotSupported", "uwsgi backends are not supported", ["uwsgi_"])),
    ("ScgiModule", ("ngx_http_scgi_module", "NotSupported", "SCGI backends are not supported", ["scgi_"])),
    ("GrpcModule", ("ngx_http_grpc_module", "NotSupported", "gRPC backends are not supported", ["grpc_"])),
    ("MemcachedModule", ("ngx_http_memcached_module", "NotSupported", "memcached backends are not supported", ["memcached_"])),
    ("SsiModule", ("ngx_http_ssi_filter_module", "NotSupported", None, ["ssi"])),
    ("SubModule", ("ngx_http_sub_filter_module", "NotSupported", None, ["sub_filter"])),
    ("AdditionModule", ("ngx_http_addition_filter_module", "NotSupported", None, ["add_before_body", "add_after_body", "addition_types"])),
    ("DavModule", ("ngx_http_dav_module", "NotSupported", None, ["dav_", "create_full_put_path", "min_delete_depth"])),
    ("FlvModule", ("ngx_http_flv_module", "NotSupported", None, ["flv"])),
    ("Mp4Module", ("ngx_http_mp4_module", "NotSupported", None, ["mp4"])),
    ("RandomIndexModule", ("ngx_http_random_index_module", "NotSupported", None, ["random_index"])),
    ("SecureLinkModule", ("ngx_http_secure_link_module", "NotSupported", None, ["secure_link"])),
    ("SliceModule", ("ngx_http_slice_filter_module", "NotSupported", None, ["slice"])),
    ("MirrorModule", ("ngx_http_mirror_module", "NotSupported", None, ["mirror"])),
    ("BrowserModule", ("ngx_http_browser_module", "NotSupported", None, ["ancient_browser", "modern_browser"])),
    ("RefererModule", ("ngx_http_referer_module", "NotSupported", None, ["valid_referers", "referer_hash_"])),
    ("UserIdModule", ("ngx_http_userid_filter_module", "NotSupported", None, ["userid"])),
    ("GeoModule", ("ngx_http_geo_module", "NotSupported", "geo variables are not computed", ["geo"])),
    ("SplitClientsModule", ("ngx_http_split_clients_module", "NotSupported", None, ["split_clients"])),
    ("EmptyGifModule", ("ngx_http_empty_gif_module", "NotSupported", None, ["empty_gif"])),
    ("HttpCoreModule", ("ngx_http_core_module", "Implemented", None, [""])),  # everything else
])

# Directives of a mostly-supported module that proxyserver only accepts.
IGNORED = set("""sendfile sendfile_max_chunk tcp_nopush tcp_nodelay aio aio_write directio directio_alignment
read_ahead output_buffers postpone_output send_lowat open_file_cache open_file_cache_errors open_file_cache_events
open_file_cache_min_uses open_file_cache_valid client_body_buffer_size client_body_in_file_only
client_body_in_single_buffer client_body_temp_path client_header_buffer_size connection_pool_size request_pool_size
lingering_close lingering_time lingering_timeout reset_timedout_connection server_names_hash_bucket_size
server_names_hash_max_size types_hash_bucket_size types_hash_max_size variables_hash_bucket_size
variables_hash_max_size map_hash_bucket_size map_hash_max_size proxy_headers_hash_bucket_size
proxy_headers_hash_max_size proxy_buffering proxy_buffers proxy_buffer_size proxy_busy_buffers_size
proxy_temp_path proxy_temp_file_write_size proxy_max_temp_file_size proxy_request_buffering proxy_send_lowat
proxy_socket_keepalive proxy_ignore_client_abort proxy_limit_rate proxy_force_ranges open_log_file_cache
disable_symlinks msie_padding msie_refresh log_subrequest subrequest_output_buffer_size chunked_transfer_encoding
keepalive_disable max_headers limit_rate limit_rate_after rewrite_log uninitialized_variable_warn
debug_connection timer_resolution pcre_jit zone post_action satisfy internal
""".split())
NOT_SUPPORTED = set("""proxy_cache proxy_cache_background_update proxy_cache_bypass proxy_cache_convert_head proxy_cache_key
proxy_cache_lock proxy_cache_lock_age proxy_cache_lock_timeout proxy_cache_max_range_offset proxy_cache_methods
proxy_cache_min_uses proxy_cache_path proxy_cache_revalidate proxy_cache_use_stale proxy_cache_valid proxy_no_cache
proxy_store proxy_store_access proxy_ssl_certificate proxy_ssl_certificate_key proxy_ssl_ciphers proxy_ssl_conf_command
proxy_ssl_crl proxy_ssl_password_file proxy_ssl_protocols proxy_ssl_session_reuse proxy_ssl_trusted_certificate
proxy_ssl_verify proxy_ssl_verify_depth proxy_ssl_name proxy_ssl_server_name proxy_bind proxy_cookie_domain proxy_cookie_flags
proxy_cookie_path proxy_set_body proxy_pass_trailers dav_methods""".split())
NOT_SUPPORTED_NOTE = {"proxy_cache": "response caching is not supported", "proxy_ssl": "TLS to upstreams is not supported yet",
                      "proxy_store": "storing responses is not supported"}

# Repeated in one block without "is duplicate", where the oracle gave no sample to try.
REPEATABLE = set("""error_page include load_module limit_conn limit_conn_zone limit_req limit_req_zone fastcgi_cache_path
proxy_cache_path scgi_cache_path uwsgi_cache_path modern_browser thread_pool fastcgi_ignore_headers grpc_ignore_headers
proxy_ignore_headers scgi_ignore_headers uwsgi_ignore_headers grpc_ssl_protocols proxy_ssl_protocols uwsgi_ssl_protocols
ssl_protocols server location if upstream map geo split_clients types charset_map proxy_cookie_domain proxy_cookie_path proxy_cookie_flags proxy_redirect""".split())

CHOICES = {
    "proxy_http_version": ("Choice", ["1.0", "1.1"]),
    "proxy_next_upstream": ("ChoiceList", "error timeout denied invalid_header non_idempotent http_500 http_502 http_503 http_504 http_403 http_404 http_429 off".split()),
    "satisfy": ("Choice", ["all", "any"]),
    "if_modified_since": ("Choice", ["off", "exact", "before"]),
    "gzip_http_version": ("Choice", ["1.0", "1.1"]),
    "gzip_proxied": ("ChoiceList", "off expired no-cache no-store private no_last_modified no_etag auth any".split()),
    "gzip_static": ("Choice", ["on", "off", "always"]),
    "keepalive_disable": ("ChoiceList", ["none", "msie6", "safari"]),
    "lingering_close": ("Choice", ["off", "on", "always"]),
    "client_body_in_file_only": ("Choice", ["on", "clean", "off"]),
    "autoindex_format": ("Choice", ["html", "xml", "json", "jsonp"]),
    "limit_req_log_level": ("Choice", ["info", "notice", "warn", "error"]),
    "limit_conn_log_level": ("Choice", ["info", "notice", "warn", "error"]),
    "ssl_protocols": ("ChoiceList", "SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3".split()),
    "proxy_ssl_protocols": ("ChoiceList", "SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 TLSv1.3".split()),
    "ssl_verify_client": ("Choice", ["on", "off", "optional", "optional_no_ca"]),
    "proxy_ignore_headers": ("ChoiceList", "X-Accel-Redirect X-Accel-Expires X-Accel-Limit-Rate X-Accel-Buffering X-Accel-Charset Expires Cache-Control Set-Cookie Vary".split()),
}
# Second-resolution time slots (the rest are milliseconds).
SECONDS = set("expires keepalive_timeout ssl_session_timeout proxy_cache_lock_age".split())
TIME_EXTRA = {"keepalive_timeout"}  # TAKE12, both times

CHECKS = {
    "listen": "HttpCoreChecks.Listen", "server_name": "HttpCoreChecks.ServerName", "location": "HttpCoreChecks.Location",
    "root": "HttpCoreChecks.RootOrAlias", "alias": "HttpCoreChecks.RootOrAlias", "try_files": "HttpCoreChecks.TryFiles",
    "error_page": "HttpCoreChecks.ErrorPage", "resolver": "HttpCoreChecks.Resolver", "limit_except": "HttpCoreChecks.LimitExcept",
    "upstream": "UpstreamChecks.Upstream", "server@Upstream": "UpstreamChecks.Server", "server@Http": "HttpCoreChecks.Server",
    "hash": "UpstreamChecks.Hash", "ip_hash": "UpstreamChecks.IpHash", "least_conn": "UpstreamChecks.LeastConn", "random": "UpstreamChecks.Random", "keepalive@Upstream": "UpstreamChecks.Keepalive",
    "proxy_pass": "ProxyChecks.ProxyPass", "proxy_redirect": "ProxyChecks.ProxyRedirect",
    "rewrite": "RewriteChecks.Rewrite", "return": "RewriteChecks.Return", "if": "RewriteChecks.If", "set": "RewriteChecks.Set",
    "map": "MapChecks.Map", "access_log": "LogChecks.AccessLog", "log_format": "LogChecks.LogFormat",
    "error_log": "LogChecks.ErrorLog", "add_header": "HeadersChecks.AddHeader", "expires": "HeadersChecks.Expires",
    "events": "CoreChecks.Events", "use": "CoreChecks.Use", "allow": "AccessChecks.Address", "deny": "AccessChecks.Address",
    "fastcgi_pass": "ProxyChecks.OtherPass", "uwsgi_pass": "ProxyChecks.OtherPass", "scgi_pass": "ProxyChecks.OtherPass",
    "grpc_pass": "ProxyChecks.OtherPass", "memcached_pass": "ProxyChecks.OtherPass",
    "geo": "MapChecks.Geo", "split_clients": "MapChecks.SplitClients",
}
ENTRY_BODIES = {"map", "types", "geo", "split_clients", "charset_map"}
OPENS = {"events": "Events", "http": "Http", "server@Http": "Server", "location": "Location", "upstream": "Upstream",
         "limit_except": "LimitExcept", "if": "If"}

def module_of(name, ctx):
    for cls, (_, _, _, keys) in MODULES.items():
        for k in keys:
            if "@" in k:
                kn, kc = k.split("@")
                if kn == name and kc == ctx:
                    return cls
                continue
            if k == "" or name == k or (k.endswith("_") and name.startswith(k)):
                return cls
            if k in ("ssl", "gzip", "ssi", "autoindex", "mp4", "flv", "userid", "mirror", "slice", "secure_link", "auth_basic", "auth_request", "limit_req", "limit_conn", "gunzip", "stub_status", "random_index", "sub_filter", "ancient_browser", "modern_browser") and (name == k or name.startswith(k + "_")):
                if k == "gzip" and name == "gzip_static":
                    continue
                return cls
    raise Exception(name)

ARITY = {0: "Arity.NoArgs", 1: "Arity.Take1", 2: "Arity.Take2", 3: "Arity.Take3", 4: "Arity.Take4", 5: "Arity.Take5", 6: "Arity.Take6", 7: "Arity.Take7"}
def arity(info):
    c = info["counts"]
    if info["flag"]:
        return "Arity.Flag"
    if c == list(range(0, 9)): return "Arity.Any"
    if c == list(range(1, 9)): return "Arity.OneOrMore"
    if c == list(range(2, 9)): return "Arity.TwoOrMore"
    return " | ".join(ARITY[n] for n in c)

def value_kind(name, info):
    if name in CHOICES:
        kind, choices = CHOICES[name]
        return kind, choices
    if info["flag"]:
        return "Flag", None
    if name in ("worker_priority", "userid_expires"):  # signed: nginx's own handler, not the number slot
        return None, None
    a = values.get(name)
    if name.endswith("_buffers") and info["counts"] == [2]:
        return "Buffers", None
    if not a or info["counts"] != [1] and name not in TIME_EXTRA:
        return None, None
    if "invalid number" in a["x"] and a["10"] == "":
        return "Number", None
    if name.endswith("_buffers") and info["counts"] == [2]:
        return "Buffers", None
    if a["8k"] == "" and a["10s"] != "" and "invalid value" in a["x"]:
        return ("Offset" if a["1g"] == "" else "Size"), None
    if a["10s"] == "" and a["8k"] != "" and "invalid value" in a["x"]:
        return ("Seconds" if a["500ms"] != "" else "Time"), None
    return None, None

def repeatable(name, ctx):
    if name in REPEATABLE:
        return True
    answers = dups.get(name, {})
    # The if-context probes fail on their own condition variable: use another context's answer.
    r = answers.get(ctx) or next((v for v in answers.values() if v), None)
    if r is None:
        return False
    return "is duplicate" not in r["second"]

IMPLEMENTED = {"pid", "include", "error_log"}

def support(cls, name, ctx):
    default = MODULES[cls][1]
    if name in IMPLEMENTED:
        return "Implemented"
    if name in NOT_SUPPORTED:
        return "NotSupported"
    if name in IGNORED or f"{name}@{ctx}" in IGNORED:
        return "AcceptedIgnored"
    return default

specs = {}
for e in probe:
    name = e["name"]
    groups = OrderedDict()
    for ctx, info in e["contexts"].items():
        cls = module_of(name, ctx)
        key = (cls, json.dumps(info, sort_keys=True), repeatable(name, ctx), support(cls, name, ctx))
        groups.setdefault(key, []).append(ctx)
    for (cls, info_json, rep, sup), ctxs in groups.items():
        info = json.loads(info_json)
        specs.setdefault(cls, []).append((name, ctxs, info, rep, sup))

HEADER = """using static ProxyServer.NginxConf.Directives.DirectiveContext;
using static ProxyServer.NginxConf.Directives.DirectiveSupport;
using ProxyServer.NginxConf.Directives.Validation;

namespace ProxyServer.NginxConf.Directives.Modules;

"""
os.makedirs("../Modules", exist_ok=True)
for cls, rows in specs.items():
    modname, _, note, _ = MODULES[cls]
    lines = []
    for name, ctxs, info, rep, sup in sorted(rows, key=lambda r: r[0]):
        ctx_expr = " | ".join(ctxs)
        if set(ctxs) >= {"Http", "Server", "Location"}:
            ctx_expr = " | ".join(["HttpAny"] + [c for c in ctxs if c not in ("Http", "Server", "Location")])
        props = []
        if info["block"]:
            props.append("IsBlock = true")
            if name in ENTRY_BODIES:
                props.append("Body = BodyKind.Entries")
            opens = OPENS.get(f"{name}@{ctxs[0]}", OPENS.get(name))
            if opens and opens != "If":
                props.append(f"Opens = {opens}")
        if rep:
            props.append("Repeatable = true")
        kind, choices = value_kind(name, info)
        if kind:
            props.append(f"Value = ValueKind.{kind}")
        if choices:
            props.append("Choices = [" + ", ".join(f'"{c}"' for c in choices) + "]")
        check = CHECKS.get(f"{name}@{ctxs[0]}") or CHECKS.get(name)
        if check:
            props.append(f"Check = {check}")
        n = None
        if sup != "Implemented":
            n = next((v for k, v in NOT_SUPPORTED_NOTE.items() if name.startswith(k)), None) if sup == "NotSupported" else None
            n = n or note
        if n:
            props.append(f'Note = "{n}"')
        line = f'        new("{name}", {ctx_expr}, {arity(info)}, {sup})'
        if props:
            line += " { " + ", ".join(props) + " }"
        lines.append(line + ",")
    body = HEADER + f"""/// <summary><c>{modname}</c>: contexts and argument counts as nginx 1.22 answers them (see Probe/).</summary>
public sealed class {cls} : IDirectiveModule
{{
    public string Name => "{modname}";

    public IEnumerable<DirectiveSpec> Directives =>
    [
{chr(10).join(lines)}
    ];
}}
"""
    open(f"../Modules/{cls}.cs", "w").write(body)
print({k: len(v) for k, v in specs.items()})
