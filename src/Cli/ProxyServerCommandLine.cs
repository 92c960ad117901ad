using System.CommandLine;
using ProxyServer.Cli.Commands;

namespace ProxyServer.Cli;

/// <summary>
/// The command line: our own verbs (<c>check</c>, <c>run</c>, <c>parse</c>) and, on the root,
/// nginx's flags (<c>-t -T -c -p -g -e -s -v -V</c>) so that scripts written for nginx work unchanged.
/// </summary>
public static class ProxyServerCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("proxyserver: reads nginx configuration and serves it on YARP");
        NginxFlags.Attach(root);
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ParseCommand.Create());
        return root;
    }
}
