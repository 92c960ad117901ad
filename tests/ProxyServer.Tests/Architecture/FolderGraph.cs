using System.Text;
using System.Text.RegularExpressions;

namespace ProxyServer.Tests.Architecture;

/// <summary>
/// Which top-level folder of an assembly's source names a type of which other, read from the
/// source text: <c>using ProxyServer.Runtime.X;</c> (also static and alias usings), fully qualified
/// names, names qualified from an enclosing namespace (<c>Tls.TlsListener</c>,
/// <c>Dynamic.Serving.X</c> inside <c>ProxyServer.Runtime</c>) and simple names of types whose
/// namespace the file has in scope. Comments and string literals are not read.
/// </summary>
public sealed partial class FolderGraph
{
    /// <summary>One reason for an edge: the file and what it names.</summary>
    public sealed record Evidence(string File, string Names)
    {
        public bool IsUsing => Names.StartsWith("using ", StringComparison.Ordinal);

        public override string ToString() => IsUsing ? $"{File}: {Names}" : $"{File} names {Names}";
    }

    /// <summary>A few reasons for one edge, types named before usings.</summary>
    public static string Explain(IEnumerable<Evidence> evidence) =>
        string.Join("; ", evidence.OrderBy(e => e.IsUsing).Take(4));

    private readonly Dictionary<string, Dictionary<string, List<Evidence>>> _edges = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Folders { get; }

    private FolderGraph(IReadOnlyCollection<string> folders) => Folders = folders;

    public IReadOnlyDictionary<string, List<Evidence>> EdgesFrom(string folder) =>
        _edges.TryGetValue(folder, out var edges) ? edges : new Dictionary<string, List<Evidence>>();

    /// <summary>
    /// Builds the graph of <paramref name="files"/> (paths relative to the assembly's source folder,
    /// with '/' separators; files at the root belong to no folder). <paramref name="rootNamespace"/>
    /// is the namespace whose next segment names a folder. Folders in <paramref name="groups"/> count
    /// as the group's one node; edges from the files in <paramref name="ignoredFiles"/> are not read.
    /// </summary>
    public static FolderGraph Build(IEnumerable<(string Path, string Text)> files, string rootNamespace,
        IReadOnlyDictionary<string, string>? groups = null, IReadOnlySet<string>? ignoredFiles = null)
    {
        string NodeOf(string folder) => groups?.GetValueOrDefault(folder) ?? folder;

        var parsed = files
            .Where(f => f.Path.Contains('/'))
            .Select(f => SourceFile.Parse(f.Path, f.Text))
            .ToList();
        var graph = new FolderGraph(parsed.Select(f => NodeOf(f.Folder)).Distinct().Order(StringComparer.Ordinal).ToList());

        // Every declared type: simple name -> (namespace, folder).
        var declared = new Dictionary<string, List<(string Namespace, string Folder)>>(StringComparer.Ordinal);
        foreach (var file in parsed)
            foreach (var type in file.DeclaredTypes)
            {
                if (!declared.TryGetValue(type, out var list)) declared[type] = list = [];
                list.Add((file.Namespace, file.Folder));
            }
        var globalUsings = parsed.SelectMany(f => f.GlobalUsings).ToHashSet(StringComparer.Ordinal);
        var prefix = rootNamespace + ".";

        foreach (var file in parsed)
        {
            if (ignoredFiles?.Contains(file.Path) == true) continue;
            var from = NodeOf(file.Folder);
            void Add(string? folder, string names)
            {
                if (folder is null) return;
                var to = NodeOf(folder);
                if (to == from || !graph.Folders.Contains(to)) return;
                if (!graph._edges.TryGetValue(from, out var edges)) graph._edges[from] = edges = new(StringComparer.Ordinal);
                if (!edges.TryGetValue(to, out var evidence)) edges[to] = evidence = [];
                if (!evidence.Any(e => e.File == file.Path && e.Names == names)) evidence.Add(new Evidence(file.Path, names));
            }
            string? FolderOfNamespace(string ns) =>
                ns.StartsWith(prefix, StringComparison.Ordinal) ? ns[prefix.Length..].Split('.')[0] : null;

            foreach (var used in file.Usings)
                Add(FolderOfNamespace(used), "using " + used);

            var enclosing = Enclosing(file.Namespace);
            var inScope = new HashSet<string>(file.Usings.Concat(globalUsings).Concat(enclosing), StringComparer.Ordinal);

            // Qualified names: try every split of a.b.C.d as namespace "a.b" + type "C", the namespace
            // as written or relative to an enclosing namespace (innermost first, as C# looks it up).
            foreach (Match chain in QualifiedName().Matches(file.Code))
            {
                var segments = chain.Value.Split('.');
                for (var k = 1; k < segments.Length; k++)
                {
                    if (!declared.TryGetValue(segments[k], out var candidates)) continue;
                    var qualifier = string.Join('.', segments[..k]);
                    foreach (var ns in new[] { qualifier }.Concat(enclosing.Select(e => e + "." + qualifier)))
                    {
                        var hits = candidates.Where(c => c.Namespace == ns).ToList();
                        if (hits.Count == 0) continue;
                        foreach (var hit in hits) Add(hit.Folder, qualifier + "." + segments[k]);
                        break;
                    }
                }
            }

            foreach (Match name in SimpleName().Matches(file.Code))
                if (declared.TryGetValue(name.Value, out var candidates))
                    foreach (var candidate in candidates.Where(c => inScope.Contains(c.Namespace)))
                        Add(candidate.Folder, name.Value);
        }
        return graph;
    }

    private static List<string> Enclosing(string ns)
    {
        var parts = ns.Split('.', StringSplitOptions.RemoveEmptyEntries);
        return [.. Enumerable.Range(1, parts.Length).Reverse().Select(n => string.Join('.', parts[..n]))];
    }

    /// <summary>Each cycle as the folders on it, first repeated at the end, strongly connected components in name order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var component in StronglyConnected().Where(c => c.Count > 1))
        {
            var members = component.ToHashSet(StringComparer.Ordinal);
            var start = component.Min(StringComparer.Ordinal)!;
            // Shortest way back to start inside the component.
            var previous = new Dictionary<string, string>(StringComparer.Ordinal);
            var queue = new Queue<string>([start]);
            string? last = null;
            while (queue.Count > 0 && last is null)
            {
                var node = queue.Dequeue();
                foreach (var next in EdgesFrom(node).Keys.Where(members.Contains).Order(StringComparer.Ordinal))
                {
                    if (next == start) { last = node; break; }
                    if (previous.TryAdd(next, node)) queue.Enqueue(next);
                }
            }
            var path = new List<string> { start };
            for (var node = last!; node != start; node = previous[node]) path.Insert(1, node);
            path.Add(start);
            cycles.Add(path);
        }
        return cycles;
    }

    /// <summary>A cycle with what makes each of its edges, a few reasons per edge.</summary>
    public string Describe(IReadOnlyList<string> cycle)
    {
        var text = new StringBuilder(string.Join(" -> ", cycle)).AppendLine();
        for (var i = 0; i + 1 < cycle.Count; i++)
        {
            var evidence = EdgesFrom(cycle[i])[cycle[i + 1]];
            text.Append("  ").Append(cycle[i]).Append(" -> ").Append(cycle[i + 1]).Append(": ").AppendLine(Explain(evidence));
        }
        return text.ToString();
    }

    // Tarjan's algorithm.
    private List<List<string>> StronglyConnected()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in EdgesFrom(node).Keys.Order(StringComparer.Ordinal))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != node);
            components.Add(component);
        }
        foreach (var folder in Folders.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(folder)) Visit(folder);
        return components;
    }

    [GeneratedRegex(@"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*")]
    private static partial Regex SimpleName();

    /// <summary>One source file: its folder, namespace, usings, declared types, and its code without comments or strings.</summary>
    private sealed partial record SourceFile(string Path, string Folder, string Namespace, IReadOnlyList<string> Usings,
        IReadOnlyList<string> GlobalUsings, IReadOnlyList<string> DeclaredTypes, string Code)
    {
        public static SourceFile Parse(string path, string text)
        {
            var code = StripCommentsAndStrings(text).Replace("global::", "");
            var ns = NamespaceDeclaration().Match(code) is { Success: true } m ? m.Groups[1].Value : "";
            var usings = UsingDirective().Matches(code);
            return new SourceFile(path, path[..path.IndexOf('/')], ns,
                [.. usings.Select(u => u.Groups[2].Value)],
                [.. usings.Where(u => u.Groups[1].Success).Select(u => u.Groups[2].Value)],
                [.. TypeDeclaration().Matches(code).Select(d => d.Groups[1].Value)],
                code);
        }

        /// <summary>Comments and string/char literals become blanks (interpolation holes are lost with them).</summary>
        private static string StripCommentsAndStrings(string source)
        {
            var output = new StringBuilder(source.Length);
            var i = 0;
            while (i < source.Length)
            {
                if (At(source, i, "//"))
                {
                    var end = source.IndexOf('\n', i);
                    i = end < 0 ? source.Length : end;
                }
                else if (At(source, i, "/*"))
                {
                    var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? source.Length : end + 2;
                }
                else if (StringStart(source, i) is var (length, verbatim, raw) && length > 0)
                {
                    i = SkipString(source, i + length, verbatim, raw);
                    output.Append("\"\"");
                }
                else if (source[i] == '\'' && CharLiteralEnd(source, i) is > 0 and var end)
                {
                    i = end;
                    output.Append("' '");
                }
                else
                {
                    output.Append(source[i++]);
                }
            }
            return output.ToString();
        }

        private static bool At(string s, int i, string text) => string.CompareOrdinal(s, i, text, 0, text.Length) == 0;

        // A string's opening: its prefix and quotes' length, and its kind.
        private static (int Length, bool Verbatim, bool Raw) StringStart(string s, int i)
        {
            var j = i;
            var verbatim = false;
            while (j < s.Length && s[j] is '$' or '@')
            {
                verbatim |= s[j] == '@';
                j++;
            }
            if (j >= s.Length || s[j] != '"') return (0, false, false);
            if (At(s, j, "\"\"\"")) return (j - i + 3, false, true);
            return (j - i + 1, verbatim, false);
        }

        private static int SkipString(string s, int i, bool verbatim, bool raw)
        {
            if (raw)
            {
                var end = s.IndexOf("\"\"\"", i, StringComparison.Ordinal);
                if (end < 0) return s.Length;
                end += 3;
                while (end < s.Length && s[end] == '"') end++;
                return end;
            }
            while (i < s.Length)
            {
                if (!verbatim && s[i] == '\\') { i += 2; continue; }
                if (s[i] == '"')
                {
                    if (verbatim && i + 1 < s.Length && s[i + 1] == '"') { i += 2; continue; }
                    return i + 1;
                }
                i++;
            }
            return s.Length;
        }

        private static int CharLiteralEnd(string s, int i)
        {
            var j = i + 1;
            if (j < s.Length && s[j] == '\\') j += 2;
            else j++;
            var end = s.IndexOf('\'', Math.Min(j, s.Length));
            return end > 0 && end - i <= 10 ? end + 1 : -1;
        }

        [GeneratedRegex(@"^\s*namespace\s+([\w.]+)\s*[;{]", RegexOptions.Multiline)]
        private static partial Regex NamespaceDeclaration();

        [GeneratedRegex(@"^\s*(global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)\s*;", RegexOptions.Multiline)]
        private static partial Regex UsingDirective();

        [GeneratedRegex(@"\b(?:class|record|struct|interface|enum|delegate\s+[\w<>\[\]?,. ]+?)\s+([A-Z]\w*)")]
        private static partial Regex TypeDeclaration();
    }
}
