using System.CommandLine;

namespace ProxyServer.Cli.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "not implemented yet");
        command.SetAction(_ => 1);
        return command;
    }

    /// <summary>The same work when invoked with nginx's flags on the root command.</summary>
    public static int RunNginxStyle(ParseResult parse) => 1;
}
