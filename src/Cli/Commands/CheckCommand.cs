using System.CommandLine;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;
using ParseResult = System.CommandLine.ParseResult;

namespace ProxyServer.Cli.Commands;

/// <summary>
/// <c>proxyserver check [FILE]</c>: nginx -t with better diagnostics (every problem, with its source line
/// and a caret, plus warnings nginx does not give). Also serves nginx's own <c>-t</c> / <c>-T</c> flags.
/// Both run the load and the whole compile <c>run</c> runs (<see cref="ConfigTest"/>), starting nothing,
/// so the three give the same verdict and the same errors; <c>check</c> adds its analysis warnings.
/// </summary>
internal static class CheckCommand
{
    public const string DefaultConfig = "/etc/nginx/nginx.conf";
    private const string Program = "proxyserver";

    private static readonly Argument<string?> File = new("file")
    {
        Description = $"the configuration file to check (default: {DefaultConfig})",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> Context = new("--context")
    {
        Description = "read the file's top level as this context: main, http or server (default: guessed from its contents)",
    };

    private static readonly Option<bool> Resolve = new("--resolve")
    {
        Description = "look host names up in DNS like nginx does (default: hosts file only; unknown names are warnings)",
    };

    private static readonly Option<string?> Prefix = new("--prefix", "-p")
    {
        Description = "directory relative include paths are resolved against (default: the file's directory)",
    };

    private static readonly Option<CheckFormat> Format = new("--format")
    {
        Description = "what to write on stdout: text (for people), json, or sarif (SARIF 2.1.0, for code-scanning tools)",
        DefaultValueFactory = _ => CheckFormat.Text,
    };

    public static Command Create()
    {
        var command = new Command("check", "test a configuration like nginx -t, reporting every problem with its source line");
        command.Arguments.Add(File);
        command.Options.Add(Context);
        command.Options.Add(Resolve);
        command.Options.Add(Prefix);
        command.Options.Add(Format);
        command.SetAction(parse => Check(parse));
        return command;
    }

    private static int Check(ParseResult parse)
    {
        var path = parse.GetValue(File) ?? DefaultConfig;
        var context = DirectiveContext.None;
        if (parse.GetValue(Context) is { } contextText
            && (!ConfigValidator.TryParseContext(contextText, out context) || context is not (DirectiveContext.Main or DirectiveContext.Http or DirectiveContext.Server)))
        {
            Console.Error.WriteLine($"{Program}: invalid --context \"{contextText}\": expected main, http or server");
            return 1;
        }
        var full = Path.GetFullPath(path);
        var compile = new CompileOptions { Prefix = parse.GetValue(Prefix) is { } prefix ? Path.GetFullPath(prefix) : Path.GetDirectoryName(full)! };
        var source = new ConfigSource(path, ConfigTest.ForTest(compile, analyze: true, resolveWithDns: parse.GetValue(Resolve)))
        {
            LoadOptions = new ConfigLoadOptions { Prefix = parse.GetValue(Prefix) },
            TopContext = context,
        };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = Run(source);
        if (result is null) return 1;
        // What was read, on stderr so stdout stays the diagnostics and nginx's verdict lines.
        if (result.Tree is { } tree) Console.Error.WriteLine($"{Program}: {ConfigSummary.Of(tree).Line(started.Elapsed)}");

        switch (parse.GetValue(Format))
        {
            case CheckFormat.Json:
                using (var stdout = Console.OpenStandardOutput()) CheckReport.WriteJson(stdout, result);
                return result.Ok ? 0 : 1;
            case CheckFormat.Sarif:
                using (var stdout = Console.OpenStandardOutput()) CheckReport.WriteSarif(stdout, result, Environment.CurrentDirectory);
                return result.Ok ? 0 : 1;
        }
        var formatter = new DiagnosticFormatter();
        foreach (var diagnostic in result.Diagnostics.Take(MaxShown))
            Console.Out.WriteLine(formatter.Human(diagnostic));
        if (result.Diagnostics.Count > MaxShown)
            Console.Out.WriteLine($"... and {result.Diagnostics.Count - MaxShown} more");
        if (result.Diagnostics.Count > 0)
            Console.Out.WriteLine(DiagnosticFormatter.Summary(result.ErrorCount, result.WarningCount));
        PrintVerdict(Console.Out, result, quiet: false);
        return result.Ok ? 0 : 1;
    }

    /// <summary>More than this is noise: the first ones explain the rest.</summary>
    private const int MaxShown = 200;

    /// <summary>nginx's <c>-t</c>/<c>-T</c>: nginx's own output lines on stderr, <c>-T</c> dumps every file on stdout.</summary>
    public static int RunNginxStyle(ParseResult parse)
    {
        // As nginx: a relative -c is relative to the prefix (Debian's build: /usr/share/nginx/); includes
        // are relative to the config file's directory.
        // The same source the nginx form of run reads (-p, -c, -e, -g), fragments wrapped as run wraps them.
        var served = RunCommand.NginxStyleSource(parse);
        var source = served with { Options = ConfigTest.ForTest(served.Options, analyze: false) };
        var quiet = parse.GetValue(NginxFlags.Quiet);
        var result = Run(source);
        if (result is null) return 1;

        foreach (var diagnostic in result.Diagnostics)
            if (diagnostic.Severity == Severity.Error || !quiet)
                Console.Error.WriteLine(DiagnosticFormatter.Nginx(diagnostic, Program));
        PrintVerdict(Console.Error, result, quiet);
        if (result.Ok && parse.GetValue(NginxFlags.TestAndDump) && result.Tree is { } tree)
            Dump(tree);
        return result.Ok ? 0 : 1;
    }

    private static CheckResult? Run(ConfigSource source)
    {
        var path = source.ConfigPath;
        try
        {
            return ConfigTest.Run(source);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ConfigCheck reports input problems as diagnostics; reaching here is our bug, still one line.
            Console.Error.WriteLine($"{Program}: internal error while checking \"{path}\": {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    private static void PrintVerdict(TextWriter output, CheckResult result, bool quiet)
    {
        if (!result.Ok)
        {
            output.WriteLine($"{Program}: configuration file {result.Path} test failed");
            return;
        }
        if (quiet) return;
        output.WriteLine($"{Program}: the configuration file {result.Path} syntax is ok");
        output.WriteLine($"{Program}: configuration file {result.Path} test is successful");
    }

    /// <summary>nginx -T: each file once, in the order read, after a header naming it.</summary>
    private static void Dump(ConfigTree tree)
    {
        foreach (var file in tree.Files.Where(f => Path.GetFileName(f.Path) != ConfigSource.WrapperName))
        {
            Console.Out.WriteLine($"# configuration file {file.Path}:");
            try
            {
                Console.Out.Write(ConfigText.Decode(System.IO.File.ReadAllBytes(file.Path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Out.Write($"# (could not read: {e.Message})");
            }
            Console.Out.WriteLine(); // nginx ends each file with one blank line
        }
    }
}
