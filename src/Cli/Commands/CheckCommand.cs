using System.CommandLine;

namespace ProxyServer.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "not implemented yet");
        command.SetAction(_ => 1);
        return command;
    }

    /// <summary>The same work when invoked with nginx's flags on the root command.</summary>
    public static int RunNginxStyle(ParseResult parse) => 1;
}
