namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>The response filters' directives (gzip, gzip_static, gunzip, sub_filter, empty_gif): our check gives nginx's verdict and error text.</summary>
public sealed class FilterCheckOracleTests
{
    [Theory]
    [InlineData("gzip on; gzip_comp_level 9; gzip_min_length 1k; gzip_types text/css application/json; gzip_vary on; gzip_proxied expired no-cache auth; gzip_disable msie6 \"^Bad\"; gzip_http_version 1.0; gzip_buffers 16 8k;")]
    [InlineData("gzip_comp_level 10;")]
    [InlineData("gzip_comp_level 0;")]
    [InlineData("gzip_comp_level x;")]
    [InlineData("gzip_min_length x;")]
    [InlineData("gzip_buffers 4 x;")]
    [InlineData("gzip_disable \"(\";")]
    [InlineData("gzip_proxied bogus;")]
    [InlineData("gzip_http_version 2.0;")]
    [InlineData("gzip_window 3k;")]
    [InlineData("gzip_hash 3k;")]
    [InlineData("gzip_window 8k; gzip_hash 64k;")]
    [InlineData("gzip_static always; gunzip on; gunzip_buffers 32 4k;")]
    [InlineData("gzip_static yes;")]
    [InlineData("gunzip_buffers 0 4k;")]
    [InlineData("sub_filter a b; sub_filter $uri \"x $host\"; sub_filter_once off; sub_filter_types *; sub_filter_last_modified on;")]
    [InlineData("sub_filter \"\" b;")]
    [InlineData("sub_filter a;")]
    [InlineData("server { location / { empty_gif; } }")]
    [InlineData("server { location / { empty_gif x; } }")]
    public void FilterDirectives_SameVerdictAsNginx(string body) => NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");
}
