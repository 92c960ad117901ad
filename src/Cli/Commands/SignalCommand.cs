using System.CommandLine;

namespace ProxyServer.Cli.Commands;

/// <summary><c>-s stop|quit|reopen|reload</c>: signal the running instance whose pid file the config names.</summary>
internal static class SignalCommand
{
    public static int Send(string signal, ParseResult parse)
    {
        Console.Error.WriteLine("proxyserver: -s not implemented yet");
        return 1;
    }
}
