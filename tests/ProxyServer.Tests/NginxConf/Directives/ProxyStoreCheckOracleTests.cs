namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>proxy_store and proxy_store_access: the same verdict, message and line as <c>nginx -t</c>.</summary>
public sealed class ProxyStoreCheckOracleTests
{
    [Theory]
    [InlineData("proxy_store on;")]
    [InlineData("proxy_store off;")]
    [InlineData("proxy_store /tmp/store$uri;")]
    [InlineData("proxy_store /tmp/store$no_such_variable;")]
    [InlineData("proxy_store on;\n    proxy_store off;")]
    [InlineData("proxy_store on;\n    proxy_cache z;")]
    [InlineData("proxy_cache z;\n    proxy_store /tmp$uri;")]
    [InlineData("proxy_cache z;\n    proxy_store off;")]
    [InlineData("proxy_cache off;\n    proxy_store on;")]
    [InlineData("proxy_store on;\n    location /c/ { proxy_pass http://127.0.0.1:1; proxy_cache z; }")]
    [InlineData("proxy_store_access user:rw group:rw all:r;")]
    [InlineData("proxy_store_access all:rw;")]
    [InlineData("proxy_store_access group:r group:rw;")]
    [InlineData("proxy_store_access user:x;")]
    [InlineData("proxy_store_access other:r;")]
    [InlineData("proxy_store_access user:rw group:rw all:r user:r;")]
    [InlineData("proxy_store_access all:r;\n    proxy_store_access all:rw;")]
    public void StoreDirectives_SameVerdictAsNginx(string directives) =>
        NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n  proxy_cache_path /tmp/proxy-store-oracle keys_zone=z:1m;\n  server {{\n    listen 127.0.0.1:8080;\n    location / {{ proxy_pass http://127.0.0.1:1; }}\n    {directives}\n  }}\n}}\n");
}
