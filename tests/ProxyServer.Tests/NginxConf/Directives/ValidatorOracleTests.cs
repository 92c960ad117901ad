using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>
/// The validator against the oracle: each config is given to the real nginx (-t) in the test and to
/// us. When nginx accepts it we report no error; when it refuses we report its first error, same words,
/// same line (and usually more, since we do not stop at the first).
/// </summary>
public sealed class ValidatorOracleTests
{
    public static TheoryData<string> HttpBodies => new()
    {
        // accepted
        "server { listen 127.0.0.1:8080; server_name a.example; location / { root /tmp; index index.html; } }",
        "upstream u { hash $request_uri consistent; server 127.0.0.1:1 weight=2; server 127.0.0.1:2 down; }\nserver { location / { proxy_pass http://u; } }",
        "upstream u { least_conn; server 127.0.0.1:1 backup; server 127.0.0.1:2 max_conns=5; keepalive 16; }",
        "map $http_host $x { hostnames; default 0; *.a.example 1; ~^b 2; }",
        "server { location ~ ^/(?<x>a) { return 200 $x; } location = /e { try_files $uri =404; } }",
        "server { if ($request_method = POST) { return 405; }\nlocation / { if (!-f $request_filename) { rewrite ^ /index.html break; } } }",
        "log_format main '$remote_addr';\naccess_log /dev/null main buffer=32k flush=5s;",
        "server { location / { error_page 404 =200 /empty; expires 1h; add_header X-A b always; } }",
        "server { location / { limit_except GET POST { deny all; } } }",
        "server { location / { proxy_pass http://$host$request_uri; proxy_set_header Host $host; proxy_redirect off; } }",
        "server { location /a/ { location /a/b/ { } location ~ \\.php$ { } } location @named { return 204; } }",
        "server { location / { proxy_pass http://127.0.0.1:1; proxy_next_upstream error timeout http_502; proxy_http_version 1.1; } }",
        "server { location / { proxy_pass http://127.0.0.1; proxy_redirect a b; proxy_redirect ~^x(.*) /$1; proxy_redirect default; } }",
        "server { proxy_redirect a b; location / { proxy_pass http://127.0.0.1:1/x/; proxy_redirect off; } }",
        // refused
        "foo bar;",
        "server { location / { proxy_redirect default; proxy_pass http://127.0.0.1; } }",
        "server { location / { proxy_pass http://$host; proxy_redirect default; } }",
        "server { location / { proxy_pass http://127.0.0.1; proxy_redirect a b; proxy_redirect off; } }",
        "server { location / { proxy_pass http://127.0.0.1; proxy_redirect off; proxy_redirect a b; } }",
        "server { location / { proxy_pass http://127.0.0.1; proxy_redirect false; } }",
        "listen 80;",
        "server { location / { listen 80; } }",
        "sendfile maybe;",
        "client_max_body_size 10x;",
        "keepalive_timeout 1x;",
        "keepalive_requests x;",
        "proxy_buffers 0 8k;",
        "server { location / { proxy_pass backend; } }",
        "server { location / { root /a; alias /b; } }",
        "server { location / { proxy_pass http://127.0.0.1; proxy_pass http://127.0.0.1; } }",
        "upstream u { ip_hash; server 127.0.0.1 backup; }",
        "upstream u { random; server 127.0.0.1 backup; }",
        "upstream u { server 127.0.0.1 weight=x; }",
        "upstream u { server 127.0.0.1:x; }",
        "upstream u { hash $a foo; server 127.0.0.1; }",
        "upstream u { }",
        "upstream u { server 127.0.0.1; }\nupstream u { server 127.0.0.1; }",
        "upstream u { server 127.0.0.1; }\nserver { location / { proxy_pass http://u:81; } }",
        "server { location /x { location /y { } } }",
        "server { location = /x { location /x { } } }",
        "server { location / { location @n { } } }",
        "server { location @n { location /x { } } }",
        "server { location /x { }\nlocation /x { } }",
        "server { location foo /x { } }",
        "server { if ($a ~ ) { } }",
        "server { if ($a = b c) { } }",
        "server { if ($a) { if ($b) { } } }",
        "server { location ~ (a))b { } }",
        "server { listen 8080; listen 8080; }",
        "server { listen 8080 default_server; }\nserver { listen 8080 default_server; }",
        "server { listen 8080 backlog=1; }\nserver { listen 8080 backlog=2; }",
        "server { listen 8080 foo; }",
        "server { listen x:y; }",
        "server { location / { return 1000; } }",
        "server { location / { return x; } }",
        "server { location / { rewrite ^ /x foo; } }",
        "map $a $b { a; }",
        "map $a $b { a b c; }",
        "geo $a { a; }",
        "map $http_host $https { default on; }",
        "map $http_host $request_method { default GET; }",
        "map $http_host $x { default 1; }\nmap $http_host $x { default 2; }",
        "split_clients $a $b { 10 a; }",
        "log_format a x;\nlog_format a y;",
        "server { access_log /dev/null nope; }",
        "server { error_log /dev/null nope; }",
        "server { location / { error_page 99 /x; } }",
        "server { location / { add_header a b foo; } }",
        "server { location ~ x { proxy_pass http://127.0.0.1/x; } }",
        "server { location / { limit_except FOO { } } }",
        "server { location / { expires soon; } }",
        "server { location / { set a b; } }",
        "server { location / { try_files $uri =x; } }",
        "allow localhost;",
        "events { }",
    };

    public static TheoryData<string> MainConfigs => new()
    {
        "events {}\nevents {}\n",
        "http {}\n",
        "daemon maybe;\nevents {}\n",
        "worker_processes 2 3;\nevents {}\n",
        "events { use kqueue; }\n",
        "events { worker_connections 512; }\nhttp { server { listen 127.0.0.1:8080; } }\n",
        "events {}\nhttp { server { } }\nstream { }\n",
        "user nobody nogroup;\nworker_rlimit_nofile 1024;\nevents { multi_accept on; }\n",
    };

    [Theory]
    [MemberData(nameof(HttpBodies))]
    public void HttpBody_SameVerdictAsNginx(string body) => SameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");

    [Theory]
    [MemberData(nameof(MainConfigs))]
    public void MainConfig_SameVerdictAsNginx(string config) => SameVerdict(config);

    private static void SameVerdict(string config)
    {
        Assert.True(NginxInstance.IsInstalled, "nginx (the oracle) is not installed");
        var nginx = NginxOracle.Test(config);
        var ours = OurErrors(config);
        if (nginx.Ok)
        {
            // The one deliberate difference: a directive we do not enforce refuses the config (fail closed).
            Assert.DoesNotContain(ours, e => !e.Message.StartsWith("unsupported directive ", StringComparison.Ordinal));
            return;
        }
        Assert.Contains((nginx.Message!, nginx.Line), ours);
    }

    private static List<(string Message, int Line)> OurErrors(string config)
    {
        var dir = TempDirectory.Create("ours-");
        try
        {
            var path = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(path, config);
            var result = ConfigCheck.Run(path, new CheckOptions { Validation = new ValidationOptions { Analyze = false, WarnIgnored = false } });
            return result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => (d.Message, d.Position.Line)).ToList();
        }
        finally
        {
            TempDirectory.TryDelete(dir);
        }
    }
}
