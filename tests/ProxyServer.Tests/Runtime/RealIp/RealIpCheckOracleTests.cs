using ProxyServer.Tests.NginxConf.Directives;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.RealIp;

/// <summary><c>set_real_ip_from</c>, <c>real_ip_header</c> and <c>real_ip_recursive</c> values as <c>nginx -t</c> judges them.</summary>
public sealed class RealIpCheckOracleTests
{
    [Theory]
    [InlineData("set_real_ip_from 10.0.0.0/8;")]
    [InlineData("set_real_ip_from 10.0.0.1/8;")]
    [InlineData("set_real_ip_from 10.0.0.0/33;")]
    [InlineData("set_real_ip_from ::1;")]
    [InlineData("set_real_ip_from unix:;")]
    [InlineData("set_real_ip_from localhost;")]
    [InlineData("set_real_ip_from 1.2.3.4 5.6.7.8;")]
    [InlineData("real_ip_header X-Forwarded-For;")]
    [InlineData("real_ip_header proxy_protocol;")]
    [InlineData("real_ip_header;")]
    [InlineData("real_ip_recursive on;")]
    [InlineData("real_ip_recursive maybe;")]
    [InlineData("server { location / { set_real_ip_from 127.0.0.1; real_ip_header X-Client; real_ip_recursive off; } }")]
    public void RealIpDirectives_SameVerdictAsNginx(string body) => NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");
}
