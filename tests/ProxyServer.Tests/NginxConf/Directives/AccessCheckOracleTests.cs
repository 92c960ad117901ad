using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Directives;

/// <summary>
/// <c>allow</c>/<c>deny</c> values as <c>nginx -t</c> judges them (ngx_ptocidr: four-number dotted
/// quads only, 255.255.255.255 refused, no zone or brackets, mask bits in range) and the warning
/// for a block with low bits set; <c>limit_except</c>, <c>satisfy</c> and <c>auth_basic*</c> placement.
/// </summary>
public sealed class AccessCheckOracleTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1")]
    [InlineData("1.2.3.256")]
    [InlineData("255.255.255.255")]
    [InlineData("255.255.255.254")]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/x")]
    [InlineData("0.0.0.0/0")]
    [InlineData("::1")]
    [InlineData("::/0")]
    [InlineData("::1/129")]
    [InlineData("2001:db8::/32")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("all")]
    [InlineData("ALL")]
    [InlineData("unix:")]
    [InlineData("unix:/tmp/x")]
    [InlineData("localhost")]
    public void AccessValue_SameVerdictAsNginx(string value) =>
        SameVerdict($"events {{}}\nhttp {{\nserver {{ location / {{\nallow {value};\ndeny {value};\n}} }}\n}}\n");

    [Theory]
    [InlineData("server { location / { limit_except GET POST { deny all; auth_basic x; auth_basic_user_file f; } } }")]
    [InlineData("server { location / { limit_except get { allow all; } } }")]
    [InlineData("server { location / { limit_except GET { } limit_except POST { } } }")]
    [InlineData("server { location / { limit_except GET { satisfy any; } } }")]
    [InlineData("server { location / { limit_except GET { return 403; } } }")]
    [InlineData("server { satisfy some; }")]
    [InlineData("satisfy any; auth_basic \"a $host\"; auth_basic_user_file $arg_f; auth_delay 1s;")]
    [InlineData("server { location / { auth_basic_user_file a; auth_basic_user_file b; } }")]
    [InlineData("server { location / { auth_delay x; } }")]
    public void AccessDirectives_SameVerdictAsNginx(string body) => SameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");

    [Fact]
    public void LowAddressBits_Warned()
    {
        var diagnostics = Check("events {}\nhttp { server { allow 10.0.0.1/8; deny ::1:0/64; } }\n");
        Assert.Contains(diagnostics, d => d.Severity == Severity.Warning && d.Message == "low address bits of 10.0.0.1/8 are meaningless");
        Assert.Contains(diagnostics, d => d.Severity == Severity.Warning && d.Message == "low address bits of ::1:0/64 are meaningless");
    }

    private static void SameVerdict(string config) => NginxOracle.AssertSameVerdict(config);

    private static IReadOnlyList<Diagnostic> Check(string config) => NginxOracle.Check(config);
}
