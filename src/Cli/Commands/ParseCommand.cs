using System.CommandLine;
using ProxyServer.NginxConf.Crossplane;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ParseResult = System.CommandLine.ParseResult;

namespace ProxyServer.Cli.Commands;

/// <summary>
/// <c>proxyserver parse FILE [--single-file] [--strict] [--context C]</c>: crossplane's <c>parse</c>. The
/// payload (see <see cref="CrossplaneWriter"/>) carries our tree and the errors crossplane's parse
/// reports (see <see cref="CrossplaneParser"/>): an unknown directive is none, unless <c>--strict</c>.
/// Exit 0 when the payload's status is ok, 1 otherwise. <c>check</c> is the command that judges a
/// config as nginx does.
/// </summary>
internal static class ParseCommand
{
    private static readonly Argument<string> File = new("file") { Description = "the configuration file to parse" };

    private static readonly Option<bool> SingleFile = new("--single-file")
    {
        Description = "parse this file only, without following include",
    };

    private static readonly Option<bool> Strict = new("--strict")
    {
        Description = "a directive crossplane does not know is an error (as crossplane's --strict)",
    };

    private static readonly Option<string?> Context = new("--context")
    {
        Description = "read the file's top level as this context: main, http or server (default: guessed from its contents)",
    };

    private static readonly Option<bool> Indent = new("--indent")
    {
        Description = "indent the JSON",
    };

    public static Command Create()
    {
        var command = new Command("parse", "print a configuration's parse tree as crossplane's JSON payload, with crossplane's errors");
        command.Arguments.Add(File);
        command.Options.Add(SingleFile);
        command.Options.Add(Strict);
        command.Options.Add(Context);
        command.Options.Add(Indent);
        command.SetAction(parse => Parse(parse, Console.Out, Console.Error));
        return command;
    }

    internal static int Parse(ParseResult parse, TextWriter output, TextWriter error)
    {
        var path = parse.GetValue(File)!;
        var context = DirectiveContext.None;
        if (parse.GetValue(Context) is { } contextText && !ConfigValidator.TryParseContext(contextText, out context))
        {
            error.WriteLine($"proxyserver: invalid --context \"{contextText}\": expected main, http or server");
            return 1;
        }
        var single = parse.GetValue(SingleFile);
        var indented = parse.GetValue(Indent);

        if (Unreadable(path) is { } failure)
        {
            output.WriteLine(CrossplaneWriter.WriteFailure(new CrossplaneError(path, null, failure), indented));
            return 1;
        }
        var tree = ConfigLoader.Load(path, new ConfigLoadOptions { FollowIncludes = !single });
        if (context == DirectiveContext.None)
            context = ConfigValidator.DetectContext(tree.Root.Directives);
        var errors = CrossplaneParser.Errors(tree, new CrossplaneParseOptions
        {
            SingleFile = single,
            Strict = parse.GetValue(Strict),
            Context = BlockPath(context),
        });
        output.WriteLine(CrossplaneWriter.Write(tree, errors, withIncludes: !single, indented));
        return errors.Count == 0 ? 0 : 1;
    }

    /// <summary>crossplane's error for a main file it cannot open (Python's wording), or ours for one that is no config at all; null when readable.</summary>
    private static string? Unreadable(string path)
    {
        if (Directory.Exists(path))
            return $"[Errno 21] Is a directory: '{path}'";
        if (!System.IO.File.Exists(path))
            return $"[Errno 2] No such file or directory: '{path}'";
        var length = new FileInfo(path).Length;
        return length > ConfigCheck.MaxFileBytes
            ? $"\"{path}\" is {length / (1024 * 1024)} MB: larger than the {ConfigCheck.MaxFileBytes / (1024 * 1024)} MB a configuration file may be"
            : null;
    }

    /// <summary>The block path crossplane would be in when reading a file included from <paramref name="context"/>.</summary>
    private static IReadOnlyList<string> BlockPath(DirectiveContext context) => context switch
    {
        DirectiveContext.Events => ["events"],
        DirectiveContext.Http => ["http"],
        DirectiveContext.Server => ["http", "server"],
        DirectiveContext.Location => ["http", "location"],
        DirectiveContext.Upstream => ["http", "upstream"],
        _ => [],
    };
}
