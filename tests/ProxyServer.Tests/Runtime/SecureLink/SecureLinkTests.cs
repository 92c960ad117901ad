using ProxyServer.Tests.NginxConf.Directives;
using System.Security.Cryptography;
using System.Text;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.SecureLink;

/// <summary>secure_link against the real nginx: <c>$secure_link</c> and <c>$secure_link_expires</c> for good, bad, expired and malformed links, both forms, and inheritance.</summary>
public sealed class SecureLinkTests(SecureLinkTests.Servers servers) : IClassFixture<SecureLinkTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        public DifferentialPair Pair { get; } = DifferentialPair.StartHttp("""
            server {
                listen 127.0.0.1:{{P0}};
                location /md5/ {
                    secure_link $arg_h,$arg_e;
                    secure_link_md5 "$secure_link_expires$uri secret";
                    return 200 "[$secure_link] [$secure_link_expires]\n";
                }
                location /plain/ {
                    secure_link $arg_h;
                    secure_link_md5 "$uri secret";
                    return 200 "[$secure_link] [$secure_link_expires]\n";
                }
                location /old/ {
                    secure_link_secret s3cret;
                    return 200 "[$secure_link]\n";
                    location /old/inner/ { secure_link $arg_h; secure_link_md5 "$uri secret"; return 200 "[$secure_link]\n"; }
                }
                location /none { return 200 "[$secure_link] [$secure_link_expires]\n"; }
            }
            """);

        public void Dispose() => Pair.Dispose();
    }

    private static string Hash(string text) =>
        Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(text))).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static string Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    public static TheoryData<string> Targets()
    {
        var future = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds().ToString();
        return new TheoryData<string>
        {
            "/plain/a?h=" + Hash("/plain/a secret"),
            "/plain/a?h=" + Hash("/plain/a secret") + "==",
            "/plain/a?h=" + Hash("/plain/b secret"),
            "/plain/a?h=bogus!",
            "/plain/a?h=",
            "/plain/a",
            $"/md5/a?e={future}&h=" + Hash($"{future}/md5/a secret"),
            "/md5/a?e=1000&h=" + Hash("1000/md5/a secret"),
            "/md5/a?e=0&h=" + Hash("0/md5/a secret"),
            "/md5/a?e=x1&h=" + Hash("x1/md5/a secret"),
            $"/md5/a?e={future}&h=" + Hash("/md5/a secret"),
            "/old/" + Hex("file.txt" + "s3cret") + "/file.txt",
            "/old/" + Hex("file.txt?x=1" + "s3cret") + "/file.txt?x=1",
            "/old/" + Hex("other" + "s3cret") + "/file.txt",
            "/old/" + Hex("file.txt" + "s3cret").ToUpperInvariant() + "/file.txt",
            "/old/short/file.txt",
            "/old/" + Hex("" + "s3cret") + "/",
            "/old/inner/x?h=" + Hash("/old/inner/x secret"),
            "/none",
        };
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task SecureLink_SameValueAsNginx(string target) =>
        await servers.Pair.AssertSameAsync(RawHttp.Get(target));

    [Theory]
    [InlineData("server { location / { secure_link $arg_h \"x\"; } }")]
    [InlineData("server { location / { secure_link_md5 \"${x\"; } }")]
    public void BadInput_SameVerdictAsNginx(string body) => NginxOracle.AssertSameVerdict($"events {{}}\nhttp {{\n{body}\n}}\n");

    [Fact]
    public void SecretMixedWithMd5_RefusedAsNginx() =>
        NginxOracle.AssertSameVerdict("events {}\nhttp {\nserver { location / { secure_link_secret s; secure_link $arg_h; } }\n}\n", sameLine: false);
}
