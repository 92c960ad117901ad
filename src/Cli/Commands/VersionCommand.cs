namespace ProxyServer.Cli.Commands;

/// <summary><c>-v</c> / <c>-V</c>: nginx-shaped version lines so tools that parse <c>nginx -V</c> learn the truth.</summary>
internal static class VersionCommand
{
    public static int Print(bool withConfigure)
    {
        Console.Error.WriteLine("nginx version: proxyserver/0.1.0");
        return 0;
    }
}
