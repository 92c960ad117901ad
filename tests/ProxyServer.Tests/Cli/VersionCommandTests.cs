using System.Text.RegularExpressions;

namespace ProxyServer.Tests.Cli;

/// <summary>
/// <c>-V</c> as tools read it: nginx's test suite (Test::Nginx's has_module and has_feature) decides what to run
/// from these lines, with the regexes below taken from its lib/Test/Nginx.pm.
/// </summary>
public sealed class VersionCommandTests
{
    private static readonly Lazy<string> Output = new(() => CheckCommandTests.Run("-V").Stderr);

    [Theory]
    [InlineData("TLS SNI support enabled")]                      // sni
    [InlineData(@"with openssl ([0-9.]+)([a-z]*)")]              // has_feature('openssl:...')
    [InlineData("--with-http_ssl_module")]
    [InlineData("--with-http_v2_module")]
    [InlineData("--with-http_stub_status_module")]
    [InlineData("--without-http_userid_module")]                 // filter modules by configure's name
    [InlineData("--with-http_addition_module")]                  // addition is served: the suite runs addition*.t
    public void Says(string pattern) =>
        Assert.Matches(new Regex(pattern, RegexOptions.IgnoreCase), Output.Value);

    [Theory]
    [InlineData("--without-http_proxy_module")]
    [InlineData("--without-http_rewrite_module")]
    [InlineData("--without-http_map_module")]
    [InlineData("--without-http_upstream_hash_module")]
    [InlineData("--without-http_fastcgi_module")]
    [InlineData("--without-http_grpc_module")]                   // grpc_pass is served: the suite runs grpc*.t
    [InlineData("--without-http_scgi_module")]
    [InlineData("--without-http_uwsgi_module")]
    [InlineData("_filter_module")]
    [InlineData("--without-http_ssi_module")]                    // ssi is served: the suite runs its ssi files
    [InlineData("--without-http-cache")]                         // proxy_cache is served: the suite runs its cache files
    public void DoesNotSay(string text) => Assert.DoesNotContain(text, Output.Value);
}
