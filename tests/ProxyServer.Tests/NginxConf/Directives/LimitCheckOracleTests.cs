namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>
/// <c>limit_req_zone</c>, <c>limit_req</c>, <c>limit_conn_zone</c>, <c>limit_conn</c>, their status and log-level
/// directives, and upstream <c>zone</c>, as <c>nginx -t</c> judges them: the same first error, on the same line
/// (nginx's "zero size shared memory zone" names no line: there the message alone is compared).
/// </summary>
public sealed class LimitCheckOracleTests
{
    private const string Req = "limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s; ";
    private const string Conn = "limit_conn_zone $binary_remote_addr zone=c:1m; ";

    [Theory]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m rate=1r/x;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m rate=0r/s;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m rate=abc;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m rate=1.5r/s;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m rate=r/s;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m rate=5;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m rate=30r/m;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one rate=1r/s;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1k rate=1r/s;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1x rate=1r/s;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=:1m rate=1r/s;")]
    [InlineData("limit_req_zone $binary_remote_addr rate=1r/s;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m foo;")]
    [InlineData("limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s sync;")]
    [InlineData("limit_req_zone \"\" zone=a:1m rate=1r/s;")]
    [InlineData(Req + "limit_req_zone $binary_remote_addr zone=one:1m rate=3r/s;")]
    [InlineData(Req + "limit_req_zone $remote_addr zone=one:2m rate=1r/s;")]
    [InlineData(Req + "limit_conn_zone $binary_remote_addr zone=one:1m;")]
    [InlineData("server { location / { limit_req zone=two; } }")]
    [InlineData("server { location / { limit_req zone=; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one burst=0; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one burst=x; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one delay=x; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one nodelay delay=3 burst=5; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one foo; } }")]
    [InlineData(Req + "server { location / { limit_req burst=3; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one; limit_req zone=one; } }")]
    [InlineData(Req + "server { limit_req zone=one; location / { limit_req zone=one; } }")]
    [InlineData("server { limit_req zone=one; } " + Req)]
    [InlineData(Req + "server { location / { limit_req zone=one; limit_req_status 399; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one; limit_req_status abc; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one; limit_req_status 429; limit_req_status 429; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one; limit_req_log_level x; } }")]
    [InlineData(Req + "server { location / { limit_req zone=one; limit_req_dry_run yes; } }")]
    [InlineData(Req + "server { location / { if ($arg_x) { limit_req zone=one; } } }")]
    [InlineData("limit_conn_zone $binary_remote_addr zone=c;")]
    [InlineData("limit_conn_zone $binary_remote_addr zone=c:1k;")]
    [InlineData("limit_conn_zone $binary_remote_addr;")]
    [InlineData("limit_conn_zone $binary_remote_addr foo;")]
    [InlineData(Conn + "limit_conn_zone $remote_addr zone=c:1m;")]
    [InlineData(Conn + "server { limit_conn c 0; }")]
    [InlineData(Conn + "server { limit_conn c x; }")]
    [InlineData(Conn + "server { limit_conn c 65535; }")]
    [InlineData(Conn + "server { limit_conn c 65536; }")]
    [InlineData(Conn + "server { limit_conn c 1; limit_conn c 2; }")]
    [InlineData("server { limit_conn two 1; }")]
    [InlineData(Conn + "server { limit_conn_status 600; }")]
    [InlineData(Conn + "server { limit_conn_log_level x; }")]
    [InlineData(Conn + Req + "server { limit_req zone=c; }")]
    [InlineData(Conn + Req + "server { limit_conn one 1; }")]
    [InlineData("upstream u { zone u 1m; server 127.0.0.1; } upstream v { zone u; server 127.0.0.1; }")]
    [InlineData("upstream u { zone u; server 127.0.0.1; }")]
    [InlineData("upstream u { zone u 1k; server 127.0.0.1; }")]
    [InlineData("upstream u { zone u 1x; server 127.0.0.1; }")]
    [InlineData("upstream u { zone u 1m; zone v 1m; server 127.0.0.1; }")]
    [InlineData("upstream u { zone u 1m; server 127.0.0.1; } upstream v { zone u 2m; server 127.0.0.1; }")]
    [InlineData("limit_req_zone $binary_remote_addr zone=u:1m rate=1r/s; upstream u { zone u 1m; server 127.0.0.1; }")]
    [InlineData("upstream u { zone u 1m; server 127.0.0.1; } limit_req_zone $binary_remote_addr zone=u:1m rate=1r/s;")]
    [InlineData("upstream u { zone u 1m; server 127.0.0.1; random; }")]
    public void LimitDirectives_SameVerdictAsNginx(string body) => NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");
}
