using System.Reflection;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Compile;

/// <summary>
/// The directive table and the runtime agree: every row that claims <see cref="DirectiveSupport.Implemented"/>
/// has a key some module reads while compiling, and every key the runtime reads is a row's key (keys can only
/// be made in the table: their constructors are internal to NginxConf).
/// </summary>
public sealed class DirectiveReadersTests : IDisposable
{
    /// <summary>Rows served by the front end itself, before anything compiles.</summary>
    private static readonly HashSet<string> ReadByTheLoader = ["include"];

    private readonly TlsCertificates _tls = new();

    public void Dispose() => TempDirectory.TryDelete(_tls.Directory);

    /// <summary>
    /// A config that walks every compile path (a TLS server, upstream blocks with each balancing method,
    /// proxying over TLS, health checks, the operations endpoints...): a scope notes a key when a module
    /// asks for it, whether or not the config sets it, so one config per path is enough.
    /// </summary>
    private IReadOnlyCollection<DirectiveKey> KeysReadCompiling()
    {
        var cert = _tls.Server("site");
        var config = $$"""
            pid /tmp/proxyserver-readers.pid;
            error_log stderr;
            events {}
            http {
                log_format plain '$remote_addr $request';
                map $uri $mapped { default 1; }
                limit_req_zone $binary_remote_addr zone=req:1m rate=10r/s;
                limit_conn_zone $binary_remote_addr zone=conn:1m;
                upstream rr { zone rr 64k; server 127.0.0.1:1; keepalive 4; keepalive_timeout 10s; keepalive_time 1h; }
                upstream lc { least_conn; server 127.0.0.1:1; }
                upstream ih { ip_hash; server 127.0.0.1:1; }
                upstream hh { hash $uri consistent; server 127.0.0.1:1; }
                upstream rn { random two least_conn; server 127.0.0.1:1; }
                upstream lt { least_time header; server 127.0.0.1:1; }
                upstream dyn { server 127.0.0.1:2 resolve; }
                match ok { status 200; }
                proxy_cache_path /tmp/proxyserver-readers-cache keys_zone=readers:1m;
                fastcgi_cache_path /tmp/proxyserver-readers-fcgi keys_zone=readers_fcgi:1m;
                scgi_cache_path /tmp/proxyserver-readers-scgi keys_zone=readers_scgi:1m;
                uwsgi_cache_path /tmp/proxyserver-readers-uwsgi keys_zone=readers_uwsgi:1m;
                MainRule "str:a" "mz:ARGS" "s:$SQL:8" id:5000;
                server {
                    listen 127.0.0.1:1443 ssl;
                    server_name site;
                    ssl_certificate {{_tls.CertPath(cert)}};
                    ssl_certificate_key {{_tls.KeyPath(cert)}};
                    access_log /dev/null plain;
                    resolver 127.0.0.1;
                    set $x 1;
                    if ($x) { return 404; }
                    rewrite ^/old /new;
                    location / {
                        proxy_pass https://rr;
                        proxy_ssl_verify off;
                        proxy_ssl_certificate {{_tls.CertPath(cert)}};
                        proxy_ssl_certificate_key {{_tls.KeyPath(cert)}};
                        health_check match=ok;
                        status_zone site;
                        add_header X-A 1;
                        expires 1h;
                        try_files $uri =404;
                    }
                    location /dynamic { proxy_pass http://$host; }
                    location /cached { proxy_pass http://127.0.0.1:1; proxy_cache readers; }
                    location /fcgi-cached { fastcgi_pass 127.0.0.1:1; fastcgi_cache readers_fcgi; }
                    location /scgi-cached { scgi_pass 127.0.0.1:1; scgi_cache readers_scgi; }
                    location /uwsgi-cached { uwsgi_pass 127.0.0.1:1; uwsgi_cache readers_uwsgi; }
                    location /waf {
                        SecRulesEnabled; LearningMode; LibInjectionSql; LibInjectionXss;
                        DeniedUrl /denied; CheckRule "$SQL >= 8" BLOCK; BasicRule wl:5000;
                        IgnoreIP 10.0.0.1; IgnoreCIDR 10.1.0.0/16; NaxsiLogFile /dev/null;
                        return 204;
                    }
                    location /off { SecRulesDisabled; return 204; }
                    location /private {
                        satisfy any; auth_delay 1s; allow 127.0.0.1; deny all;
                        auth_basic "private"; auth_basic_user_file /dev/null;
                        limit_except GET { deny all; }
                        return 204;
                    }
                    location /denied { return 403; }
                    location /sub { auth_request /denied; auth_request_set $who $upstream_http_x_who; mirror /denied; log_subrequest on; }
                    location /realip { set_real_ip_from 10.0.0.0/8; real_ip_header X-Forwarded-For; real_ip_recursive on; return 204; }
                    location /limited {
                        limit_req zone=req burst=5 nodelay; limit_req_status 429; limit_req_log_level warn; limit_req_dry_run off;
                        limit_conn conn 10; limit_conn_status 429; limit_conn_log_level warn; limit_conn_dry_run off;
                    }
                    location = /stub { stub_status; }
                    location = /api { status_api; }
                    location = /metrics { prometheus_metrics; }
                    location = /dashboard { status_dashboard; }
                    location ~ \.php$ { fastcgi_pass rr; }
                    location /memcached/ { set $memcached_key $uri; memcached_pass rr; }
                    location /grpcs {
                        grpc_pass grpcs://rr;
                        grpc_ssl_certificate {{_tls.CertPath(cert)}};
                        grpc_ssl_certificate_key {{_tls.KeyPath(cert)}};
                    }
                    location @named { break; }
                }
            }
            """;
        var tree = ConfigLoader.LoadText(config, Path.Combine(_tls.Directory, "nginx.conf"));
        var result = RuntimeCompiler.Compile(tree, new CompileOptions { Prefix = _tls.Directory });
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Message)));
        return result.DirectivesRead;
    }

    [Fact]
    public void EveryImplementedRow_HasAKeyTheCompilerReads()
    {
        var read = KeysReadCompiling().ToHashSet();
        var unread = DirectiveTable.Default.All
            .Where(s => s.Support == DirectiveSupport.Implemented && !ReadByTheLoader.Contains(s.Name))
            .Where(s => s.Key is null || !read.Contains(s.Key))
            .Select(s => $"{s.Name} ({s.Module}){(s.Key is null ? ": no key" : ": key never read")}")
            .Distinct().Order().ToList();
        Assert.True(unread.Count == 0, "implemented without a reader:\n" + string.Join("\n", unread));
    }

    [Fact]
    public void EveryKeyTheCompilerReads_IsARowsKey()
    {
        var declared = DirectiveTable.Default.All.Where(s => s.Key is not null).Select(s => s.Key!).ToHashSet();
        var strays = KeysReadCompiling().Where(k => !declared.Contains(k)).Select(k => k.Name).Order().ToList();
        Assert.True(strays.Count == 0, "read but not a row's key: " + string.Join(", ", strays));
    }

    [Fact]
    public void EveryKeyField_IsItsModulesRow()
    {
        var modules = DirectiveTable.Modules.ToDictionary(m => m.GetType());
        foreach (var type in typeof(DirectiveTable).Assembly.GetTypes())
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => typeof(DirectiveKey).IsAssignableFrom(f.FieldType)))
            {
                var key = (DirectiveKey)field.GetValue(null)!;
                Assert.True(modules.TryGetValue(type, out var module), $"{type.Name}.{field.Name} is declared outside a directive module");
                Assert.Contains(module.Directives, s => ReferenceEquals(s.Key, key));
            }
        }
    }
}
