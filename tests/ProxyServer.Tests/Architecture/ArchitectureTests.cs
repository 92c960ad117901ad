namespace ProxyServer.Tests.Architecture;

/// <summary>
/// The folders of src/Runtime depend on each other one way (src/Runtime/README.md, "Folder layering"):
/// a file that names a type of another folder makes its folder depend on that one, and no chain of
/// such dependencies comes back to where it started.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// The http core: a request, its server and location, its variables, rewrite program and logs,
    /// and the module interfaces refer to each other, as nginx's ngx_http_core_module,
    /// ngx_http_request, ngx_http_variables and ngx_http_script do. One layer: its folders may use
    /// one another, and none of them may use a module folder.
    /// </summary>
    public static readonly IReadOnlyList<string> HttpCore =
        ["Compile", "Model", "Servers", "Locations", "Http", "Variables", "Rewrite", "Logging", "Modules"];

    /// <summary>
    /// The composition root: the list of every module (as nginx's generated ngx_modules.c), the one
    /// file of the core that names the module folders.
    /// </summary>
    public const string CompositionRoot = "Modules/HttpModules.cs";

    private const string HttpCoreNode = "(http core)";

    /// <summary>
    /// Known back-references, to be removed (issue 14): the process cycle and the compile's model
    /// resources name Dynamic, Health and Upstream types from the core. The fix is nginx's: the
    /// cycle keeps one opaque slot per module (a FeatureCollection the modules fill with their
    /// DynamicWorkers, HealthVerdicts, UpstreamClients) and Hosting reads DynamicRouting and
    /// HealthCheckPlan from the model's features instead of ModelResources.
    /// </summary>
    public static readonly IReadOnlySet<string> KnownBackReferences = new HashSet<string>(StringComparer.Ordinal)
    {
        "Model/ProcessCycle.cs",
        "Compile/RuntimeCompiler.cs",
    };

    /// <summary>
    /// The module folders and the module folders each may use, lowest first (every folder may also
    /// use the http core and Core; the http core may use Core only). A new folder is added here and
    /// in src/Runtime/README.md.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> MayUse = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Core"] = [],
        [HttpCoreNode] = [],
        ["Map"] = [],
        ["Headers"] = [],
        ["Static"] = [],
        ["Gzip"] = ["Static"],
        ["Autoindex"] = ["Static"],
        ["Charset"] = [],
        ["Flv"] = ["Static"],
        ["SubFilter"] = [],
        ["EmptyGif"] = [],
        ["Waf"] = [],
        ["Access"] = [],
        ["AuthBasic"] = [],
        ["Mirror"] = [],
        ["RealIp"] = [],
        ["Geo"] = [],
        ["SplitClients"] = [],
        ["Referer"] = [],
        ["SecureLink"] = [],
        ["LimitReq"] = ["Dynamic"],
        ["LimitConn"] = [],
        ["Browser"] = [],
        ["Ssi"] = [],
        ["Addition"] = [],
        ["UserId"] = [],
        ["Slice"] = [],
        ["Upstream"] = [],
        ["AuthRequest"] = ["Upstream"],
        ["Dynamic"] = ["Upstream"],
        ["Health"] = ["Upstream"],
        ["Tls"] = ["Upstream"],
        ["Cache"] = ["Upstream"],
        ["Proxy"] = ["Upstream", "Dynamic", "Tls", "Cache", "Static"],
        ["Cgi"] = ["Upstream", "Dynamic", "Proxy", "Cache"],
        ["FastCgi"] = ["Upstream", "Proxy", "Cgi", "Cache"],
        ["Scgi"] = ["Upstream", "Proxy", "Cgi", "Cache"],
        ["Uwsgi"] = ["Upstream", "Proxy", "Cgi", "Cache"],
        ["Grpc"] = ["Upstream", "Proxy", "Cgi", "Tls"],
        ["Memcached"] = ["Upstream", "Proxy", "Cgi"],
        ["Status"] = ["Upstream", "Dynamic", "Health", "Cache"],
        ["Hosting"] = ["Upstream", "Dynamic", "Health", "Tls"],
    };

    [Fact]
    public void RuntimeFolders_HaveNoCycles()
    {
        var graph = RuntimeGraph(RuntimeSources());
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0,
            $"src/Runtime folders depend on each other in a cycle; break it as src/Runtime/README.md lays the folders out:\n"
            + string.Join("\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void RuntimeFolders_UseOnlyWhatTheLayeringAllows()
    {
        var graph = RuntimeGraph(RuntimeSources());
        var problems = LayeringViolations(graph);
        Assert.True(problems.Count == 0, "src/Runtime folders break the layering of src/Runtime/README.md:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void RuntimeGraph_SeesTheLayering()
    {
        var graph = RuntimeGraph(RuntimeSources());
        Assert.Contains("Upstream", graph.EdgesFrom("Dynamic").Keys);
        Assert.Contains("Tls", graph.EdgesFrom("Hosting").Keys);
        Assert.Contains("Upstream", graph.EdgesFrom("Proxy").Keys);
        Assert.Contains(HttpCoreNode, graph.EdgesFrom("Static").Keys);
        Assert.DoesNotContain("Compile", graph.Folders);
    }

    /// <summary>A reference back down the layering, in each form a file can name a type, is found as a cycle.</summary>
    [Theory]
    [InlineData("Upstream/BackReference.cs", "namespace ProxyServer.Runtime.Upstream;\nclass BackReference { Dynamic.Serving.DynamicRouting? R; }", "Dynamic", "Upstream")]
    [InlineData("Tls/BackReference.cs", "using ProxyServer.Runtime.Hosting;\nnamespace ProxyServer.Runtime.Tls;\nclass BackReference { }", "Hosting", "Tls")]
    [InlineData("Upstream/BackReference.cs", "namespace ProxyServer.Runtime.Upstream;\nclass BackReference { object P = typeof(ProxyServer.Runtime.Proxy.ProxySettings); }", "Proxy", "Upstream")]
    [InlineData("Http/BackReference.cs", "namespace ProxyServer.Runtime.Http;\nclass BackReference { Static.StaticSettings? S; }", HttpCoreNode, "Static")]
    [InlineData("Upstream/Config/BackReference.cs", "using ProxyServer.Runtime.Dynamic.Serving;\nnamespace ProxyServer.Runtime.Upstream.Config;\nclass BackReference { DynamicRouting? R; }", "Dynamic", "Upstream")]
    public void BackReference_IsReported(string path, string source, string first, string second)
    {
        var graph = RuntimeGraph([.. RuntimeSources(), (path, source)]);
        Assert.Contains(graph.Cycles(), c => c.Contains(first) && c.Contains(second));
        Assert.Contains(LayeringViolations(graph), p => p.Contains(first) && p.Contains(second));
    }

    /// <summary>Siblings that need not know each other: no cycle, but not in the layering either.</summary>
    [Theory]
    [InlineData("Static/SideReference.cs", "namespace ProxyServer.Runtime.Static;\nclass SideReference { object P = typeof(ProxyServer.Runtime.Proxy.ProxySettings); }", "Static", "Proxy")]
    [InlineData("Health/SideReference.cs", "using P = ProxyServer.Runtime.Proxy.ProxySettings;\nnamespace ProxyServer.Runtime.Health;\nclass SideReference { }", "Health", "Proxy")]
    [InlineData("Headers/SideReference.cs", "namespace ProxyServer.Runtime.Headers;\nusing ProxyServer.Runtime.Static;\nclass SideReference { StaticSettings? S; }", "Headers", "Static")]
    public void SideReference_BreaksTheLayering(string path, string source, string from, string to)
    {
        var graph = RuntimeGraph([.. RuntimeSources(), (path, source)]);
        Assert.Contains(LayeringViolations(graph), p => p.StartsWith($"{from} -> {to}:", StringComparison.Ordinal));
    }

    [Fact]
    public void CommentsAndStrings_NameNothing()
    {
        var graph = RuntimeGraph([.. RuntimeSources(),
            ("Upstream/Quiet.cs", "namespace ProxyServer.Runtime.Upstream;\n// Dynamic.Serving.DynamicRouting\n/* Proxy.ProxySettings */\nclass Quiet { string S = \"Proxy.ProxySettings\"; char C = '\"'; string T = @\"Tls.\"\"TlsListener\"; }")]);
        var tree = RuntimeGraph(RuntimeSources());
        Assert.Equal(tree.EdgesFrom("Upstream").Keys.Order(), graph.EdgesFrom("Upstream").Keys.Order());
        Assert.Equal(LayeringViolations(tree), LayeringViolations(graph));
    }

    /// <summary>Each edge the layering does not allow, and each folder it does not know, with what makes it.</summary>
    private static List<string> LayeringViolations(FolderGraph graph)
    {
        var problems = new List<string>();
        foreach (var from in graph.Folders)
        {
            if (!MayUse.TryGetValue(from, out var allowed))
            {
                problems.Add($"{from}: a folder the layering does not list (add it to ArchitectureTests.MayUse and src/Runtime/README.md)");
                continue;
            }
            foreach (var (to, evidence) in graph.EdgesFrom(from))
            {
                var fine = to == "Core" || (from != "Core" && to == HttpCoreNode) || allowed.Contains(to);
                if (!fine)
                    problems.Add($"{from} -> {to}: " + FolderGraph.Explain(evidence));
            }
        }
        return problems;
    }

    private static FolderGraph RuntimeGraph(IEnumerable<(string Path, string Text)> sources) =>
        FolderGraph.Build(sources, "ProxyServer.Runtime",
            HttpCore.ToDictionary(f => f, _ => HttpCoreNode), new HashSet<string>(KnownBackReferences) { CompositionRoot });

    private static List<(string Path, string Text)> RuntimeSources() => Sources.Value;

    private static readonly Lazy<List<(string Path, string Text)>> Sources = new(ReadRuntimeSources);

    private static List<(string Path, string Text)> ReadRuntimeSources()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Runtime");
        return
        [
            .. Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(f => (f, File.ReadAllText(Path.Combine(root, f)))),
        ];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ProxyServer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ProxyServer.sln not found above " + AppContext.BaseDirectory);
    }
}
