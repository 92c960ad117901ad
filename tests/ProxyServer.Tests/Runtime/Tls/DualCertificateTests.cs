using System.Diagnostics;
using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// An RSA and an ECDSA <c>ssl_certificate</c> pair in one server: the certificate presented to
/// <c>openssl s_client</c> offering given signature algorithms (TLS 1.3) or cipher suites (TLS 1.2)
/// is the one nginx presents, and so is the suite negotiated (servers in <see cref="DualCertificateSite"/>).
/// </summary>
public sealed partial class DualCertificateTests(DualCertificateSite site) : IClassFixture<DualCertificateSite>
{
    [Theory]
    [InlineData(0, "", "ecdsa")]
    [InlineData(0, "-sigalgs RSA-PSS+SHA256", "rsa")]
    [InlineData(0, "-sigalgs ECDSA+SHA256", "ecdsa")]
    [InlineData(0, "-sigalgs RSA-PSS+SHA256:ECDSA+SHA256", "rsa")]
    [InlineData(0, "-sigalgs ECDSA+SHA384:RSA-PSS+SHA256", "rsa")] // a P-256 key cannot sign ecdsa_secp384r1_sha384
    [InlineData(0, "-tls1_2", "ecdsa")]
    [InlineData(0, "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256", "rsa")]
    [InlineData(0, "-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa")]
    [InlineData(0, "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256", "rsa")]
    [InlineData(0, "-tls1_2 -sigalgs RSA+SHA256", "rsa")]
    [InlineData(0, "-tls1_2 -sigalgs RSA-PSS+SHA256:ECDSA+SHA256", "ecdsa")]
    [InlineData(1, "-sigalgs RSA-PSS+SHA256:ECDSA+SHA256", "ecdsa")]
    [InlineData(1, "-sigalgs ECDSA+SHA384:RSA-PSS+SHA256", "rsa")]
    [InlineData(1, "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa")]
    [InlineData(1, "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256 -sigalgs RSA+SHA256", "rsa")]
    public async Task Certificate_ChosenByClientHello_SameAsNginx(int portIndex, string clientOptions, string expected)
    {
        var (nginx, ours) = await BothAsync(portIndex, clientOptions, SubjectName());
        Assert.Equal($"{expected}.dual.test", nginx);
        Assert.Equal(nginx, ours);
    }

    /// <summary>The suite follows the client's order (nginx's default), the server's with <c>ssl_prefer_server_ciphers on</c>.</summary>
    [Theory]
    [InlineData(0, "-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256")]
    [InlineData(0, "-tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305")]
    [InlineData(0, "-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256")]
    [InlineData(1, "-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384")]
    [InlineData(1, "-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384")]
    public async Task Cipher_ClientOrderUnlessServerPrefers_SameAsNginx(int portIndex, string clientOptions, string expected)
    {
        var (nginx, ours) = await BothAsync(portIndex, clientOptions, CipherName());
        Assert.Equal(expected, nginx);
        Assert.Equal(nginx, ours);
    }

    [GeneratedRegex(@"^subject=.*CN\s*=\s*([^,\s]+)", RegexOptions.Multiline)]
    private static partial Regex SubjectName();

    [GeneratedRegex(@"Cipher is (\S+)")]
    private static partial Regex CipherName();

    /// <summary>What <paramref name="pick"/> finds in <c>openssl s_client</c>'s output from nginx and from us.</summary>
    private async Task<(string Nginx, string Ours)> BothAsync(int portIndex, string clientOptions, Regex pick)
    {
        var options = clientOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var nginx = SClientAsync(site.Pair.NginxPort(portIndex), options, pick);
        var ours = SClientAsync(site.Pair.OurPort(portIndex), options, pick);
        return (await nginx, await ours);
    }

    /// <summary>The first group <paramref name="pick"/> matches in <c>openssl s_client</c>'s output (SNI dual.test), or the whole output.</summary>
    private static async Task<string> SClientAsync(int port, string[] options, Regex pick)
    {
        var start = new ProcessStartInfo("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "dual.test", .. options])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var client = Process.Start(start)!;
        client.StandardInput.Close();
        var output = client.StandardOutput.ReadToEndAsync();
        var errors = client.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.WaitForExitAsync(timeout.Token);
        var match = pick.Match(await output);
        return match.Success ? match.Groups[1].Value : await output + await errors;
    }
}
