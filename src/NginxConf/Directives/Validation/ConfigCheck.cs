using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>What <c>check</c> found: the loaded tree (null when the file could not be read at all) and every diagnostic.</summary>
public sealed record CheckResult(string Path, ConfigTree? Tree, IReadOnlyList<Diagnostic> Diagnostics)
{
    public int ErrorCount => Diagnostics.Count(d => d.Severity == Severity.Error);
    public int WarningCount => Diagnostics.Count(d => d.Severity == Severity.Warning);
    public bool Ok => ErrorCount == 0;
}

/// <summary>Options of one check: where includes resolve, the top context, DNS, directives given on the command line.</summary>
public sealed record CheckOptions
{
    public ConfigLoadOptions Load { get; init; } = new();
    public ValidationOptions Validation { get; init; } = new();

    /// <summary>nginx's <c>-g</c>: main-context directives read before the file.</summary>
    public string? GlobalDirectives { get; init; }
}

/// <summary>
/// <c>nginx -t</c> as a function: reads a config and its includes, checks syntax and directives, and
/// never throws for anything about the input. Files that are not configs at all (a directory, binary
/// data, something huge) get one clear error instead of thousands.
/// </summary>
public static class ConfigCheck
{
    /// <summary>Beyond this a file is not a hand-written config; nginx has no limit, but reading it would only flood errors.</summary>
    public const long MaxFileBytes = 32L * 1024 * 1024;

    public static CheckResult Run(string path, CheckOptions? options = null)
    {
        options ??= new CheckOptions();
        if (Precheck(path) is { } problem)
            return new CheckResult(path, null, [Diagnostic.Error(problem, new SourcePosition(path, 0, 0))]);

        var tree = ConfigLoader.Load(path, options.Load);
        var diagnostics = new List<Diagnostic>(tree.Diagnostics);
        if (options.GlobalDirectives is { Length: > 0 } global)
        {
            var parsed = ConfigParser.Parse(global, "command line");
            diagnostics.AddRange(parsed.Diagnostics);
            tree = tree with { Root = tree.Root with { Directives = [.. parsed.File.Directives, .. tree.Root.Directives] } };
        }
        if (tree.Files.Count == 0 || tree.Root.Directives.Count == 0 && diagnostics.Count > 0 && !File.Exists(path))
            return new CheckResult(path, null, diagnostics);
        diagnostics.AddRange(ConfigValidator.Validate(tree, options.Validation));
        return new CheckResult(path, tree, Ordered(diagnostics));
    }

    /// <summary>Errors first would hide the cause; nginx's order (file order) keeps cause before effect.</summary>
    private static List<Diagnostic> Ordered(List<Diagnostic> diagnostics) =>
        diagnostics.DistinctBy(d => (d.Severity, d.Message, d.Position)).ToList();

    /// <summary>One line for inputs that are not config text; null when the file looks readable.</summary>
    public static string? Precheck(string path)
    {
        try
        {
            if (Directory.Exists(path)) return $"\"{path}\" is a directory, not a configuration file";
            if (!File.Exists(path)) return $"open() \"{path}\" failed (2: No such file or directory)";
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
                return $"\"{path}\" is {info.Length / (1024 * 1024)} MB: larger than the {MaxFileBytes / (1024 * 1024)} MB a configuration file may be";
            using var stream = File.OpenRead(path);
            var head = new byte[Math.Min(8192, info.Length)];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (head.AsSpan(0, read).Contains((byte)0)) return $"\"{path}\" is binary data (NUL bytes), not a configuration file";
            return null;
        }
        catch (UnauthorizedAccessException) { return $"open() \"{path}\" failed (13: Permission denied)"; }
        catch (IOException e) { return $"open() \"{path}\" failed ({e.Message})"; }
    }
}
