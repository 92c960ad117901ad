namespace ProxyServer.Tests.Infrastructure;

/// <summary>The result of one curl run: its exit code (35 handshake failed, 60 untrusted certificate...) and output.</summary>
public sealed record CurlResult(int ExitCode, string Output, string Error);

/// <summary>
/// The real curl as a TLS client: <c>--resolve NAME:PORT:127.0.0.1</c> so SNI and Host carry NAME,
/// <c>-s</c> and a 10 s limit; extra arguments as curl takes them (<c>--cacert</c>, <c>--http2</c>...).
/// </summary>
public static class Curl
{
    public static async Task<CurlResult> GetAsync(string name, int port, string path, params string[] options)
    {
        var arguments = new List<string> { "-s", "--max-time", "10", "--resolve", $"{name}:{port}:127.0.0.1" };
        arguments.AddRange(options);
        arguments.Add($"https://{name}:{port}{path}");
        return await RunAsync(arguments);
    }

    public static async Task<CurlResult> RunAsync(IEnumerable<string> arguments)
    {
        using var process = ManagedProcess.Start("curl", arguments);
        await Task.Run(() => process.WaitForExit(TimeSpan.FromSeconds(20)));
        return new CurlResult(process.ExitCode, process.StandardOutput, process.StandardError);
    }
}
