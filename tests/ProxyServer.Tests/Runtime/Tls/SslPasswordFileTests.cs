using System.Diagnostics;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>
/// <c>ssl_password_file</c>: an encrypted key (what <c>openssl genrsa -aes128</c> writes) is tried with
/// each pass phrase of the file in order, CRLF lines too; none that fits is nginx's own error; and the
/// unlocked certificate is served. Each verdict is asked of the real <c>nginx -t</c> first.
/// </summary>
public sealed class SslPasswordFileTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("ssl-password-");

    public SslPasswordFileTests()
    {
        Run("openssl", $"genrsa -out {_directory}/k.key -passout pass:secret -aes128 2048");
        Run("openssl", $"req -x509 -new -subj /CN=localhost/ -out {_directory}/c.crt -key {_directory}/k.key -passin pass:secret");
        File.WriteAllText(Path.Combine(_directory, "good"), "wrong\r\nsecret\r\n");
        File.WriteAllText(Path.Combine(_directory, "bad"), "wrong\nalso wrong\n");
    }

    private string Server(int port, string passwordFile) => $$"""
        server {
            listen 127.0.0.1:{{port}} ssl;
            ssl_certificate {{_directory}}/c.crt;
            ssl_certificate_key {{_directory}}/k.key;
            ssl_password_file {{_directory}}/{{passwordFile}};
            location / { return 200 "unlocked\n"; }
        }
        """;

    private string WriteConfig(string name, string server)
    {
        var config = Path.Combine(_directory, name);
        File.WriteAllText(config, $"events {{}}\nhttp {{\n{server}\n}}\n");
        return config;
    }

    [Fact]
    public async Task RightPassPhraseAmongOthers_ServesTheCertificate_AsNginxAccepts()
    {
        var port = FreePort.Next();
        var config = WriteConfig("good.conf", Server(port, "good"));
        Assert.Equal(0, NginxInstance.Test(config, _directory).ExitCode);
        Assert.Equal(0, ConfigCheck.Run(config).ErrorCount);

        using var ours = ProxyServerInstance.StartHttp(Server(port, "good"));
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=localhost" },
        });
        Assert.Equal("unlocked\n", await client.GetStringAsync($"https://127.0.0.1:{port}/"));
    }

    [Fact]
    public void NoPassPhraseFits_NginxsError()
    {
        var config = WriteConfig("bad.conf", Server(FreePort.Next(), "bad"));
        var (exitCode, nginxOutput) = NginxInstance.Test(config, _directory);
        Assert.NotEqual(0, exitCode);
        // our -t runs the compile that reads the password file (check's validator leaves encrypted keys to it)
        var (exit, _, stderr) = ProxyServer.Tests.Cli.CheckCommandTests.Run("-t", "-c", config);
        Assert.Equal(1, exit);
        var error = stderr.Split('\n').Single(l => l.Contains("[emerg]"));
        var message = error[(error.IndexOf("[emerg] ", StringComparison.Ordinal) + 8)..error.LastIndexOf(" in ", StringComparison.Ordinal)];
        Assert.Contains($"[emerg] {message}", nginxOutput);
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    public void Dispose() => TempDirectory.TryDelete(_directory);
}
