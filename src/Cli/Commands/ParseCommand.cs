using System.CommandLine;

namespace ProxyServer.Cli.Commands;

internal static class ParseCommand
{
    public static Command Create()
    {
        var command = new Command("parse", "not implemented yet");
        command.SetAction(_ => 1);
        return command;
    }
}
