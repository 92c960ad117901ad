namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>proxy_cookie_domain, _path and _flags: the same verdict, message and line as <c>nginx -t</c>.</summary>
public sealed class ProxyCookieCheckOracleTests
{
    [Theory]
    [InlineData("proxy_cookie_domain off;")]
    [InlineData("proxy_cookie_domain a b;\n    proxy_cookie_domain off;")]
    [InlineData("proxy_cookie_domain off;\n    proxy_cookie_domain a b;")]
    [InlineData("proxy_cookie_domain off;\n    proxy_cookie_domain off;")]
    [InlineData("proxy_cookie_domain on;")]
    [InlineData("proxy_cookie_domain ~(unclosed x;")]
    [InlineData("proxy_cookie_path ~*^/(.+)$ /$1;")]
    [InlineData("proxy_cookie_path ~*(bad /x;")]
    [InlineData("proxy_cookie_path /a/ /b/;\n    proxy_cookie_path off;")]
    [InlineData("proxy_cookie_flags off;\n    proxy_cookie_flags a secure;")]
    [InlineData("proxy_cookie_flags a secure unknownflag;")]
    [InlineData("proxy_cookie_flags ~(x secure;")]
    [InlineData("proxy_cookie_flags x;")]
    public void CookieDirectives_SameVerdictAsNginx(string directives) =>
        NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n  server {{\n    listen 127.0.0.1:8080;\n    location / {{ proxy_pass http://127.0.0.1:1; }}\n    {directives}\n  }}\n}}\n");
}
