using ProxyServer.NginxConf.Diagnostics;

namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// Loads a main config file and every file its <c>include</c>s reach, as nginx does:
/// relative paths against the conf prefix, globs sorted (matching nothing is fine), a plain
/// path that cannot be read is nginx's <c>open() "PATH" failed (...)</c>. Each file is read and
/// parsed once and shared by every include naming it; an include cycle is an error, not a loop.
/// Never throws for anything about the files: problems are diagnostics.
/// </summary>
public sealed class ConfigLoader
{
    private readonly ConfigLoadOptions _options;
    private readonly string _prefix;
    private readonly Dictionary<string, ConfigFile> _loaded = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _loading = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> _diagnostics = [];

    /// <summary>The syntax errors of the file being resolved not yet reported: they go out in nginx's reading order, interleaved with its includes'.</summary>
    private Queue<Diagnostic> _pending = new();

    private ConfigLoader(string mainPath, ConfigLoadOptions? options)
    {
        _options = options ?? new ConfigLoadOptions();
        _prefix = _options.Prefix ?? Path.GetDirectoryName(mainPath) ?? ".";
    }

    /// <summary>Loads the file at <paramref name="path"/> and its includes.</summary>
    public static ConfigTree Load(string path, ConfigLoadOptions? options = null)
    {
        var loader = new ConfigLoader(path, options);
        var root = loader.LoadFile(path, includedFrom: null) ?? new ConfigFile(path, []);
        return loader.Tree(root);
    }

    /// <summary>
    /// Loads a main file whose text is given (for example a wrapper such as <c>events {} http { include site; }</c>)
    /// named <paramref name="path"/>; its includes are read from disk.
    /// </summary>
    public static ConfigTree LoadText(string text, string path, ConfigLoadOptions? options = null)
    {
        var loader = new ConfigLoader(path, options);
        var root = loader.ParseAndResolve(ConfigParser.Parse(text, path), Key(path));
        return loader.Tree(root);
    }

    private ConfigTree Tree(ConfigFile root)
    {
        var files = new List<ConfigFile> { root };
        files.AddRange(_order.Where(_loaded.ContainsKey).Select(key => _loaded[key]).Where(file => !ReferenceEquals(file, root)));
        return new ConfigTree(root, files, _diagnostics);
    }

    private static string Key(string path)
    {
        try { return Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return path; }
    }

    private ConfigFile? LoadFile(string path, ConfigDirective? includedFrom)
    {
        var key = Key(path);
        if (_loaded.TryGetValue(key, out var known))
            return known;
        if (!_order.Contains(key))
            _order.Add(key);

        var bytes = Read(path, includedFrom);
        if (bytes is null)
            return null;
        var file = ParseAndResolve(ConfigParser.Parse(bytes, path), key);
        _loaded[key] = file;
        return file;
    }

    private ConfigFile ParseAndResolve(ParseResult parsed, string key)
    {
        if (!_options.FollowIncludes)
        {
            _diagnostics.AddRange(parsed.Diagnostics);
            return parsed.File;
        }
        var outer = _pending;
        _pending = new Queue<Diagnostic>(parsed.Diagnostics);
        _loading.Add(key);
        var file = parsed.File with { Directives = ResolveIncludes(parsed.File.Directives) };
        _loading.Remove(key);
        ReportPending(upTo: null);
        _pending = outer;
        return file;
    }

    /// <summary>Reports the current file's errors that nginx meets before <paramref name="upTo"/> (all when null).</summary>
    private void ReportPending(SourcePosition? upTo)
    {
        while (_pending.TryPeek(out var next) &&
               (upTo is not { } end || next.Position.Line < end.Line || next.Position.Line == end.Line && next.Position.Column <= end.Column))
            _diagnostics.Add(_pending.Dequeue());
    }

    /// <summary>The block with each include's files attached; the same list when it holds no include (most blocks).</summary>
    private IReadOnlyList<ConfigDirective> ResolveIncludes(IReadOnlyList<ConfigDirective> block)
    {
        List<ConfigDirective>? resolved = null;
        for (var i = 0; i < block.Count; i++)
        {
            var directive = block[i];
            var replacement = directive;
            if (directive.Block is not null)
            {
                var inner = ResolveIncludes(directive.Block);
                if (!ReferenceEquals(inner, directive.Block))
                    replacement = directive with { Block = inner };
            }
            else if (directive.Name == "include" && directive.Args.Count == 1)
            {
                replacement = directive with { Includes = Include(directive) };
            }
            if (resolved is null && !ReferenceEquals(replacement, directive))
                resolved = new List<ConfigDirective>(block.Take(i));
            resolved?.Add(replacement);
        }
        return resolved ?? block;
    }

    private List<ConfigFile> Include(ConfigDirective include)
    {
        var at = include.TerminatorPosition;
        ReportPending(upTo: at);
        var path = include.Args[0].Value;
        if (Path.IsPathRooted(path))
        {
            if (_options.MapAbsolutePath is { } map)
                path = map(path, include.Position);
        }
        else
        {
            path = Path.Combine(_prefix, path);
        }

        List<string> paths;
        if (IncludeGlob.IsPattern(path))
            paths = IncludeGlob.Expand(path);
        else
            paths = [path];

        var files = new List<ConfigFile>(paths.Count);
        foreach (var target in paths)
        {
            if (_loading.Contains(Key(target)))
            {
                _diagnostics.Add(Diagnostic.Error($"include cycle: \"{target}\" includes itself", at));
                continue;
            }
            if (LoadFile(target, include) is { } file)
                files.Add(file);
        }
        return files;
    }

    /// <summary>The file's bytes, or null after recording nginx's error for a file it cannot read.</summary>
    private byte[]? Read(string path, ConfigDirective? includedFrom)
    {
        // nginx names the main file without a line; an include's failure is reported at the include.
        var at = includedFrom?.TerminatorPosition ?? new SourcePosition(path, 0, 0);
        try
        {
            if (Directory.Exists(path))
            {
                _diagnostics.Add(Diagnostic.Error($"pread() \"{path}\" failed (21: Is a directory)", at));
                return null;
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            _diagnostics.Add(Diagnostic.Error($"open() \"{path}\" failed (2: No such file or directory)", at));
        }
        catch (UnauthorizedAccessException)
        {
            _diagnostics.Add(Diagnostic.Error($"open() \"{path}\" failed (13: Permission denied)", at));
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            _diagnostics.Add(Diagnostic.Error($"open() \"{path}\" failed ({e.Message})", at));
        }
        return null;
    }
}
