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
}
