using System.CommandLine;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;

namespace ProxyServer.Cli.Commands;

/// <summary>
/// Serves a config in the foreground: <c>proxyserver run FILE</c>, or nginx's form
/// <c>proxyserver [-p PREFIX] [-c FILE] [-e ERRORLOG] [-g DIRECTIVES]</c>.
/// </summary>
internal static class RunCommand
{
    /// <summary>Debian's compiled-in paths, used by the nginx form when no <c>-p</c> is given.</summary>
    private const string DebianConfig = "/etc/nginx/nginx.conf";

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "nginx.conf, or a sites-available file (served inside http {})" };
        var prefix = new Option<string?>("--prefix", "-p") { Description = "prefix relative paths resolve against (default: the file's directory)" };
        var command = new Command("run", "serve a configuration in the foreground, as nginx would") { file, prefix, NginxFlags.WatchConfig };
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var root = parse.GetValue(prefix) is { } given ? Path.GetFullPath(given) : Path.GetDirectoryName(path)!;
            // Our own verb keeps a sample runnable from anywhere: no pid file unless asked, logs on the console.
            var options = new CompileOptions
            {
                Prefix = root,
                DefaultPidPath = "",
                DefaultErrorLogPath = "stderr",
                DefaultAccessLogPath = "/dev/stdout",
            };
            return Serve(new ConfigSource(path, options), errorLog: null, parse.GetValue(NginxFlags.WatchConfig), announce: true);
        });
        return command;
    }

    /// <summary>The same work when invoked with nginx's flags on the root command.</summary>
    public static int RunNginxStyle(ParseResult parse)
    {
        var source = NginxStyleSource(parse);
        return Serve(source, source.Options.ErrorLogOverride ?? source.Options.DefaultErrorLogPath, parse.GetValue(NginxFlags.WatchConfig));
    }

    /// <summary>The config nginx's flags name: <c>-p</c>, <c>-c</c> (relative to the prefix), <c>-e</c>, <c>-g</c>.</summary>
    internal static ConfigSource NginxStyleSource(ParseResult parse)
    {
        var prefixFlag = parse.GetValue(NginxFlags.Prefix);
        var prefix = prefixFlag is null ? "/usr/share/nginx/" : Path.GetFullPath(prefixFlag);
        var config = parse.GetValue(NginxFlags.ConfigFile) is { } c
            ? (Path.IsPathRooted(c) ? c : Path.Combine(prefix, c))
            : prefixFlag is null ? DebianConfig : Path.Combine(prefix, "conf/nginx.conf");
        var errorLog = parse.GetValue(NginxFlags.ErrorLog);
        var options = new CompileOptions
        {
            Prefix = prefix,
            ErrorLogOverride = errorLog,
            DefaultPidPath = prefixFlag is null ? "/run/nginx.pid" : "logs/nginx.pid",
            DefaultErrorLogPath = prefixFlag is null ? "/var/log/nginx/error.log" : "logs/error.log",
            DefaultAccessLogPath = prefixFlag is null ? "/var/log/nginx/access.log" : "logs/access.log",
        };
        return new ConfigSource(config, options, parse.GetValue(NginxFlags.GlobalDirectives));
    }

    /// <param name="announce">
    /// Our own verb prints what it read and where it listens on stderr; nginx's form stays silent
    /// there as nginx does (the listener lines still go to the error log at notice level).
    /// </param>
    private static int Serve(ConfigSource source, string? errorLog, bool watchConfig, bool announce = false)
    {
        ServerProcess? process = null;
        using var watcher = watchConfig ? new ConfigFileWatcher(reason => process!.ReloadAsync(reason)) : null;
        ConfigSummary? read = null;
        source = source with
        {
            Options = source.Options with { RegexMatchTimeout = RegexMatchTimeout(source.Options.RegexMatchTimeout) },
            Loaded = tree =>
            {
                watcher?.Remember(tree);
                read = ConfigSummary.Of(tree);
            },
        };
        string? summary = null;
        CompileResult Compile(Runtime.Model.ProcessCycle cycle)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var result = source.Compile(cycle);
            summary = read?.Line(started.Elapsed);
            // Our verb says what it read at once, before any error about it.
            if (announce && summary is not null) Console.Error.WriteLine($"proxyserver: {summary}");
            return result;
        }
        process = new ServerProcess(Compile, Console.Error)
        {
            Announce = announce ? line => Console.Error.WriteLine($"proxyserver: {line}") : null,
            LoadSummary = () => summary,
        };
        var log = errorLog is null or "stderr" || Path.IsPathRooted(errorLog) ? errorLog : Path.Combine(source.Options.Prefix, errorLog);
        return process.RunAsync(log).GetAwaiter().GetResult();
    }

    /// <summary>
    /// <c>PROXYSERVER_REGEX_MATCH_TIMEOUT_MS</c> lowers (or raises) the regex guard, so a test can hit it
    /// in milliseconds; otherwise the compile default stands.
    /// </summary>
    private static TimeSpan RegexMatchTimeout(TimeSpan fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("PROXYSERVER_REGEX_MATCH_TIMEOUT_MS"), out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : fallback;
}
