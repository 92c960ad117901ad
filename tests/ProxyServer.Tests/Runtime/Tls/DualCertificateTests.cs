using System.Diagnostics;
using System.Text.RegularExpressions;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// An RSA and an ECDSA <c>ssl_certificate</c> pair in one server: the certificate presented to
/// <c>openssl s_client</c> offering given signature algorithms (TLS 1.3) or cipher suites (TLS 1.2)
/// is the one nginx presents (servers in <see cref="DualCertificateSite"/>).
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
        var options = clientOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var nginx = PresentedAsync(site.Pair.NginxPort(portIndex), options);
        var ours = PresentedAsync(site.Pair.OurPort(portIndex), options);
        Assert.Equal($"{expected}.dual.test", await nginx);
        Assert.Equal(await nginx, await ours);
    }

    [GeneratedRegex(@"^subject=.*CN\s*=\s*([^,\s]+)", RegexOptions.Multiline)]
    private static partial Regex SubjectName();

    /// <summary>The CN of the certificate <c>openssl s_client</c> is presented (SNI dual.test), or its output when there is none.</summary>
    private static async Task<string> PresentedAsync(int port, string[] options)
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
        var match = SubjectName().Match(await output);
        return match.Success ? match.Groups[1].Value : await output + await errors;
    }
}
