using System.CommandLine;
using ProxyServer.NginxConf.Crossplane;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Validation;
using ProxyServer.NginxConf.Syntax;
using ParseResult = System.CommandLine.ParseResult;

namespace ProxyServer.Cli.Commands;

/// <summary>
/// <c>proxyserver parse FILE [--single-file] [--context C]</c>: the parse as crossplane's JSON payload
/// (see <see cref="CrossplaneWriter"/>), with every syntax and directive error. Exit 0 when the
/// payload's status is ok, 1 otherwise.
/// </summary>
internal static class ParseCommand
{
    private static readonly Argument<string> File = new("file") { Description = "the configuration file to parse" };

    private static readonly Option<bool> SingleFile = new("--single-file")
    {
        Description = "parse this file only, without following include",
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
        var command = new Command("parse", "print a configuration's parse tree as crossplane's JSON payload");
        command.Arguments.Add(File);
        command.Options.Add(SingleFile);
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
        var followIncludes = !parse.GetValue(SingleFile);
        var indented = parse.GetValue(Indent);
        var result = ConfigCheck.Run(path, new CheckOptions
        {
            Load = new ConfigLoadOptions { FollowIncludes = followIncludes },
            // Only nginx's own errors belong in crossplane's payload: no analysis warnings, no DNS.
            Validation = new ValidationOptions { TopContext = context, Analyze = false, WarnIgnored = false },
        });
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        output.WriteLine(result.Tree is null
            ? CrossplaneWriter.WriteFailure(errors, indented)
            : CrossplaneWriter.Write(result.Tree, errors, followIncludes, indented));
        return errors.Count == 0 ? 0 : 1;
    }
}
