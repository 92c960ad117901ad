#!/usr/bin/env python3
"""Writes ../Generated/ProbedDirectives.g.cs: what nginx 1.22 itself says of every stock directive
(probe.json from probe_nginx.py, dups.json from probe_duplicates.py): its contexts, argument counts,
whether it opens a block and which context that block is, whether it may repeat in one block, and the
nginx module that defines it. Everything else about a directive (what proxyserver does with it, value
checks, defaults, notes, the key the runtime reads) is written by hand in ../Modules/*Directives.cs.

Run from this folder: `python3 generate_modules.py`. CI runs it (.ci/regenerate-directives.sh) and
fails when the checked-in file differs from its output."""
import json, os
from collections import OrderedDict

here = os.path.dirname(os.path.abspath(__file__))
probe = json.load(open(os.path.join(here, "probe.json")))
dups = json.load(open(os.path.join(here, "dups.json")))

# nginx module -> the directive names (or name prefixes ending in "_") it defines: which module defines each
# directive (the probe only says that nginx knows it). The first match wins; "" matches everything left.
MODULES = [
    ("ngx_core_module", "daemon master_process timer_resolution pid lock_file worker_processes debug_points user worker_priority worker_cpu_affinity worker_rlimit_nofile worker_rlimit_core worker_shutdown_timeout working_directory env load_module include pcre_jit thread_pool ssl_engine".split()),
    ("ngx_errlog_module", ["error_log"]),
    ("ngx_events_module", "events worker_connections use multi_accept accept_mutex accept_mutex_delay debug_connection epoll_events worker_aio_requests".split()),
    ("ngx_http_upstream_module", ["upstream", "server@Upstream"]),
    ("ngx_http_upstream_hash_module", ["hash"]),
    ("ngx_http_upstream_ip_hash_module", ["ip_hash"]),
    ("ngx_http_upstream_least_conn_module", ["least_conn"]),
    ("ngx_http_upstream_random_module", ["random"]),
    ("ngx_http_upstream_keepalive_module", ["keepalive", "keepalive_requests@Upstream", "keepalive_time@Upstream", "keepalive_timeout@Upstream"]),
    ("ngx_http_upstream_zone_module", ["zone"]),
    ("ngx_http_proxy_module", ["proxy_"]),
    ("ngx_http_rewrite_module", "rewrite return break if set rewrite_log uninitialized_variable_warn".split()),
    ("ngx_http_map_module", ["map", "map_hash_"]),
    ("ngx_http_index_module", ["index"]),
    ("ngx_http_autoindex_module", ["autoindex"]),
    ("ngx_http_log_module", "access_log log_format open_log_file_cache".split()),
    ("ngx_http_headers_module", "add_header add_trailer expires".split()),
    ("ngx_http_realip_module", "set_real_ip_from real_ip_header real_ip_recursive".split()),
    ("ngx_http_ssl_module", ["ssl"]),
    ("ngx_http_v2_module", ["http2_"]),
    ("ngx_http_gzip_module", ["gzip"]),
    ("ngx_http_gzip_static_module", ["gzip_static"]),
    ("ngx_http_gunzip_module", ["gunzip"]),
    ("ngx_http_limit_req_module", ["limit_req"]),
    ("ngx_http_limit_conn_module", ["limit_conn"]),
    ("ngx_http_access_module", ["allow", "deny"]),
    ("ngx_http_auth_basic_module", ["auth_basic"]),
    ("ngx_http_auth_request_module", ["auth_request"]),
    ("ngx_http_stub_status_module", ["stub_status"]),
    ("ngx_http_charset_module", "charset charset_map charset_types source_charset override_charset".split()),
    ("ngx_http_fastcgi_module", ["fastcgi_"]),
    ("ngx_http_uwsgi_module", ["uwsgi_"]),
    ("ngx_http_scgi_module", ["scgi_"]),
    ("ngx_http_grpc_module", ["grpc_"]),
    ("ngx_http_memcached_module", ["memcached_"]),
    ("ngx_http_ssi_filter_module", ["ssi"]),
    ("ngx_http_sub_filter_module", ["sub_filter"]),
    ("ngx_http_addition_filter_module", ["add_before_body", "add_after_body", "addition_types"]),
    ("ngx_http_dav_module", ["dav_", "create_full_put_path", "min_delete_depth"]),
    ("ngx_http_flv_module", ["flv"]),
    ("ngx_http_mp4_module", ["mp4"]),
    ("ngx_http_random_index_module", ["random_index"]),
    ("ngx_http_secure_link_module", ["secure_link"]),
    ("ngx_http_slice_filter_module", ["slice"]),
    ("ngx_http_mirror_module", ["mirror"]),
    ("ngx_http_browser_module", ["ancient_browser", "modern_browser"]),
    ("ngx_http_referer_module", ["valid_referers", "referer_hash_"]),
    ("ngx_http_userid_filter_module", ["userid"]),
    ("ngx_http_geo_module", ["geo"]),
    ("ngx_http_split_clients_module", ["split_clients"]),
    ("ngx_http_empty_gif_module", ["empty_gif"]),
    ("ngx_http_core_module", [""]),
]


# Repeated in one block without "is duplicate", where the oracle gave no sample to try.
REPEATABLE = set("""error_page include load_module limit_conn limit_conn_zone limit_req limit_req_zone fastcgi_cache_path
proxy_cache_path scgi_cache_path uwsgi_cache_path modern_browser thread_pool fastcgi_ignore_headers grpc_ignore_headers
proxy_ignore_headers scgi_ignore_headers uwsgi_ignore_headers grpc_ssl_protocols proxy_ssl_protocols uwsgi_ssl_protocols
ssl_protocols server location if upstream map geo split_clients types charset_map proxy_cookie_domain proxy_cookie_path proxy_cookie_flags proxy_redirect
zone""".split())

ENTRY_BODIES = {"map", "types", "geo", "split_clients", "charset_map"}
OPENS = {"events": "Events", "http": "Http", "server@Http": "Server", "location": "Location", "upstream": "Upstream",
         "limit_except": "LimitExcept", "if": "If"}
PREFIX_FAMILIES = ("ssl", "gzip", "ssi", "autoindex", "mp4", "flv", "userid", "mirror", "slice", "secure_link", "auth_basic",
                   "auth_request", "limit_req", "limit_conn", "gunzip", "stub_status", "random_index", "sub_filter",
                   "ancient_browser", "modern_browser")


def module_of(name, ctx):
    for module, keys in MODULES:
        for k in keys:
            if "@" in k:
                kn, kc = k.split("@")
                if kn == name and kc == ctx:
                    return module
                continue
            if k == "" or name == k or (k.endswith("_") and name.startswith(k)):
                return module
            if k in PREFIX_FAMILIES and (name == k or name.startswith(k + "_")):
                if k == "gzip" and name == "gzip_static":
                    continue
                return module
    raise Exception(name)


ARITY = {0: "Arity.NoArgs", 1: "Arity.Take1", 2: "Arity.Take2", 3: "Arity.Take3", 4: "Arity.Take4", 5: "Arity.Take5",
         6: "Arity.Take6", 7: "Arity.Take7"}


def arity(info):
    c = info["counts"]
    if info["flag"]:
        return "Arity.Flag"
    if c == list(range(0, 9)):
        return "Arity.Any"
    if c == list(range(1, 9)):
        return "Arity.OneOrMore"
    if c == list(range(2, 9)):
        return "Arity.TwoOrMore"
    return " | ".join(ARITY[n] for n in c)


def repeatable(name, ctx):
    if name in REPEATABLE:
        return True
    answers = dups.get(name, {})
    # The if-context probes fail on their own condition variable: use another context's answer.
    r = answers.get(ctx) or next((v for v in answers.values() if v), None)
    if r is None:
        return False
    return "is duplicate" not in r["second"]


rows = []
for e in probe:
    name = e["name"]
    groups = OrderedDict()
    for ctx, info in e["contexts"].items():
        key = (module_of(name, ctx), json.dumps(info, sort_keys=True), repeatable(name, ctx))
        groups.setdefault(key, []).append(ctx)
    for (module, info_json, rep), ctxs in groups.items():
        rows.append((module, name, ctxs, json.loads(info_json), rep))

lines = []
for module, name, ctxs, info, rep in sorted(rows, key=lambda r: (r[0], r[1])):
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
    line = f'        new("{module}", "{name}", {ctx_expr}, {arity(info)})'
    if props:
        line += " { " + ", ".join(props) + " }"
    lines.append(line + ",")

body = f"""// <auto-generated>
// Written by Probe/generate_modules.py from nginx 1.22's answers (Probe/probe.json, Probe/dups.json).
// Do not edit: change the probe or the generator and run it again; CI fails when this file differs.
// </auto-generated>
using static ProxyServer.NginxConf.Directives.DirectiveContext;

namespace ProxyServer.NginxConf.Directives;

/// <summary>What nginx 1.22 says of each of its stock directives, one row per module and name.</summary>
internal static class ProbedDirectives
{{
    public static IReadOnlyList<ProbedDirective> All {{ get; }} =
    [
{chr(10).join(lines)}
    ];
}}
"""
out = os.path.join(here, "..", "Generated", "ProbedDirectives.g.cs")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w", newline="\n") as f:
    f.write(body)
print(f"{len(lines)} probed directives written to {os.path.relpath(out, here)}")
