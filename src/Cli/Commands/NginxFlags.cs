using System.CommandLine;

namespace ProxyServer.Cli.Commands;

/// <summary>nginx's own command-line flags on the root command: <c>proxyserver -t -c FILE</c> behaves as <c>nginx -t -c FILE</c>.</summary>
internal static class NginxFlags
{
    public static readonly Option<bool> Test = new("-t") { Description = "test the configuration and exit" };
    public static readonly Option<bool> TestAndDump = new("-T") { Description = "test the configuration, dump it and exit" };
    public static readonly Option<bool> Quiet = new("-q") { Description = "suppress non-error messages during configuration testing" };
    public static readonly Option<bool> Version = new("-v") { Description = "show version and exit" };
    public static readonly Option<bool> VersionAndConfigure = new("-V") { Description = "show version and configure options then exit" };
    public static readonly Option<string?> Signal = new("-s") { Description = "send signal to the running instance: stop, quit, reopen, reload" };
    public static readonly Option<string?> Prefix = new("-p") { Description = "set prefix path" };
    public static readonly Option<string?> ConfigFile = new("-c") { Description = "set configuration file (default: conf/nginx.conf under the prefix)" };
    public static readonly Option<string?> ErrorLog = new("-e") { Description = "set error log file" };
    public static readonly Option<string?> GlobalDirectives = new("-g") { Description = "set global directives out of configuration file" };
    public static readonly Option<bool> WatchConfig = new("--watch-config") { Description = "reload when any loaded configuration file changes (ours; nginx has no such flag)" };

    public static void Attach(RootCommand root)
    {
        foreach (var option in new Option[] { Test, TestAndDump, Quiet, Version, VersionAndConfigure, Signal, Prefix, ConfigFile, ErrorLog, GlobalDirectives, WatchConfig })
            root.Options.Add(option);
        root.SetAction(parse => Dispatch(parse));
    }

    private static int Dispatch(ParseResult parse)
    {
        if (parse.GetValue(Version) || parse.GetValue(VersionAndConfigure))
            return VersionCommand.Print(parse.GetValue(VersionAndConfigure));
        if (parse.GetValue(Test) || parse.GetValue(TestAndDump))
            return CheckCommand.RunNginxStyle(parse);
        if (parse.GetValue(Signal) is { } signal)
            return SignalCommand.Send(signal, parse);
        return RunCommand.RunNginxStyle(parse);
    }
}
