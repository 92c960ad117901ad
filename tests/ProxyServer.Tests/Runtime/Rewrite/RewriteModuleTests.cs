using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Rewrite;

/// <summary>rewrite, return, set, if, break, error_page and internal redirects, answered by real nginx and by us.</summary>
public sealed class RewriteModuleTests(RewriteModuleTests.Servers servers) : IClassFixture<RewriteModuleTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                set $srv "server-level";
                rewrite ^/srv-rewrite/(.*)$ /landing/$1 last;
                if ($arg_srvret) { return 200 "server if $arg_srvret\n"; }

                location /landing/ { return 200 "landing $uri|$args|$srv|$is_args\n"; }
                location /rw/ {
                    rewrite ^/rw/last/(.*)$ /landing/$1 last;
                    rewrite ^/rw/break/(.*)$ /landing/$1 break;
                    rewrite ^/rw/redir/(.*)$ /landing/$1 redirect;
                    rewrite ^/rw/perm/(.*)$ /landing/$1 permanent;
                    rewrite ^/rw/abs/(.*)$ http://example.com/$1;
                    rewrite ^/rw/absargs/(.*)$ http://example.com/$1?z=9;
                    rewrite ^/rw/args/(.*)$ /landing/$1?new=1;
                    rewrite ^/rw/noargs/(.*)$ /landing/$1?;
                    rewrite ^/rw/newnoargs/(.*)$ /landing/$1?only=1?;
                    rewrite ^/rw/chain/(.*)$ /rw/chained/$1;
                    rewrite ^/rw/chained/(.*)$ /landing/chained-$1;
                    return 200 "rw fallthrough $uri\n";
                }
                location /loop/ { rewrite ^ /loop/x last; }
                location /ret/ {
                    location /ret/301 { return 301 /landing/r; }
                    location /ret/302abs { return 302 http://other.example/x; }
                    location /ret/url { return http://other.example$uri; }
                    location /ret/204 { return 204; }
                    location /ret/200 { return 200; }
                    location /ret/404text { return 404 "custom not found\n"; }
                    location /ret/444 { return 444; }
                    location /ret/500 { return 500; }
                    location /ret/307 { return 307 "/landing/307"; }
                    location /ret/599 { return 599; }
                    location /ret/999 { return 999 "odd"; }
                }
                location /if/ {
                    set $a "";
                    if ($arg_x = yes) { set $a "${a}eq "; }
                    if ($arg_x != yes) { set $a "${a}neq "; }
                    if ($arg_x ~ ^y(.)s$) { set $a "${a}re:$1 "; }
                    if ($arg_x ~* ^Y) { set $a "${a}rei "; }
                    if ($arg_x !~ ^y) { set $a "${a}nre "; }
                    if ($arg_x !~* ^Y) { set $a "${a}nrei "; }
                    if ($arg_x) { set $a "${a}truthy "; }
                    if ( $arg_x = "y s" ) { set $a "${a}quoted "; }
                    if (-f /etc/hostname) { set $a "${a}file "; }
                    if (!-d /etc/hostname) { set $a "${a}notdir "; }
                    if (-d /tmp) { set $a "${a}dir "; }
                    if (-e /nonexistent) { set $a "${a}exists "; }
                    if (-x /bin/sh) { set $a "${a}exec "; }
                    return 200 "if: $a\n";
                }
                location /ifbreak/ {
                    set $v 1;
                    if ($arg_b) { set $v 2; break; }
                    set $v 3;
                    return 200 "after $v\n";
                }
                location /ifreturn/ { if ($arg_r) { return 418; } return 200 "no r\n"; }
                location /vars/ {
                    return 200 "uri=$uri request_uri=$request_uri args=$args is_args=$is_args qs=$query_string method=$request_method scheme=$scheme host=$host server_port=$server_port arg_a=$arg_a arg_B=$arg_b cookie_c=$cookie_c http_x_test=$http_x_test request=$request proto=$server_protocol server_name=$server_name remote_addr=$remote_addr server_addr=$server_addr nginx_version=$nginx_version\n";
                }
                location /setargs/ { set $args "replaced=1"; return 200 "$args $is_args $arg_replaced\n"; }
                location /ep/ {
                    error_page 404 /landing/ep404;
                    error_page 500 502 =200 /landing/ep500?from=500;
                    error_page 403 = /landing/ep403;
                    error_page 410 @named;
                    error_page 418 http://example.com/teapot;
                    error_page 401 =301 http://example.com/auth;
                    location /ep/404 { return 404; }
                    location /ep/500 { return 500; }
                    location /ep/403 { return 403; }
                    location /ep/410 { return 410; }
                    location /ep/418 { return 418; }
                    location /ep/401 { return 401; }
                    location /ep/text404 { return 404 "text"; }
                }
                location @named { return 200 "named $uri|$args\n"; }
                location /epcycle/ { error_page 404 /epcycle/x; return 404; }
                location /eprec/ { recursive_error_pages on; error_page 404 /eprec/y; return 404; }
                location /internal/ { internal; return 200 "internal $uri\n"; }
                location /redir-abs-off/ { absolute_redirect off; return 301 /landing/x; }
                location /redir-port-off/ { port_in_redirect off; return 301 /landing/x; }
                location /redir-name-in/ { server_name_in_redirect on; return 302 /landing/x; }
                location /redir-rewrite/ { rewrite ^ /landing/rw?k=v redirect; }
                location /tointernal/ { error_page 404 /internal/x; return 404; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    public static TheoryData<string> Targets => new()
    {
        "/srv-rewrite/a?q=1", "/x?srvret=7", "/rw/last/a?o=1", "/rw/break/a", "/rw/redir/a?o=1", "/rw/perm/a", "/rw/abs/a?o=1",
        "/rw/absargs/a?o=1", "/rw/args/a?o=1", "/rw/args/a", "/rw/noargs/a?o=1", "/rw/newnoargs/a?o=1", "/rw/chain/a", "/rw/other",
        "/loop/", "/ret/301", "/ret/302abs", "/ret/url", "/ret/204", "/ret/200", "/ret/404text", "/ret/444", "/ret/500",
        "/ret/307", "/ret/599", "/ret/999",
        "/if/?x=yes", "/if/?x=YES", "/if/?x=no", "/if/", "/if/?x=y%20s", "/if/?x=0",
        "/ifbreak/", "/ifbreak/?b=1", "/ifreturn/", "/ifreturn/?r=1",
        "/vars/p%20q?a=1&b=2&A=3", "/vars/", "/vars/x?", "/setargs/?x=1",
        "/ep/404", "/ep/500", "/ep/403", "/ep/410?k=v", "/ep/418", "/ep/401", "/ep/text404", "/ep/none",
        "/epcycle/a", "/eprec/a", "/internal/x", "/tointernal/a",
        "/redir-abs-off/", "/redir-port-off/", "/redir-name-in/", "/redir-rewrite/?o=1",
    };

    public static TheoryData<string> WithoutHost => new() { "/ret/301", "/redir-name-in/", "/redir-port-off/", "/landing" };

    [Theory]
    [MemberData(nameof(WithoutHost))]
    public async Task Http10WithoutHost_RedirectsLikeNginx(string target) => await servers.Pair.AssertSameAsync(RawHttp.Get(target, host: null));

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task SameAnswerAsNginx(string target) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get(target, "rw.example", "Cookie: a=1; c=cookie-c\r\nX-Test: t1\r\n"));

    [Fact]
    public async Task RewriteCycle_IsLoggedLikeNginx()
    {
        await servers.Pair.AssertSameAsync(RawHttp.Get("/loop/"));
        Assert.Contains("rewrite or internal redirection cycle while processing \"/loop/x\"", servers.Pair.Ours.ErrorLog);
    }
}
