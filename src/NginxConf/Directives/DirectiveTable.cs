using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// Every directive proxyserver knows, assembled from the module classes: the single source of truth
/// for contexts, argument counts and value shapes that both <c>check</c> and the runtime compiler read.
/// </summary>
public sealed class DirectiveTable
{
    /// <summary>
    /// The modules built into Debian's nginx 1.22 (the oracle). Their rows were written from its answers
    /// (see Probe/), so a test can re-ask it about them.
    /// </summary>
    private static readonly IDirectiveModule[] Stock =
    [
        new CoreDirectives(), new ErrorLogDirectives(), new EventsDirectives(), new HttpCoreDirectives(),
        new UpstreamDirectives(), new UpstreamHashDirectives(), new UpstreamIpHashDirectives(), new UpstreamLeastConnDirectives(),
        new UpstreamRandomDirectives(), new UpstreamKeepaliveDirectives(), new UpstreamZoneDirectives(),
        new ProxyDirectives(), new RewriteDirectives(), new MapDirectives(), new IndexDirectives(), new AutoindexDirectives(),
        new LogDirectives(), new HeadersDirectives(), new RealIpDirectives(), new SslDirectives(), new Http2Directives(),
        new GzipDirectives(), new GzipStaticDirectives(), new GunzipDirectives(), new LimitReqDirectives(), new LimitConnDirectives(),
        new AccessDirectives(), new AuthBasicDirectives(), new AuthRequestDirectives(), new StubStatusDirectives(), new OperationsDirectives(), new CharsetDirectives(),
        new FastCgiDirectives(), new UwsgiDirectives(), new ScgiDirectives(), new GrpcDirectives(), new MemcachedDirectives(),
        new SsiDirectives(), new SubDirectives(), new AdditionDirectives(), new DavDirectives(), new FlvDirectives(), new Mp4Directives(),
        new RandomIndexDirectives(), new SecureLinkDirectives(), new SliceDirectives(), new MirrorDirectives(), new BrowserDirectives(),
        new RefererDirectives(), new UserIdDirectives(), new GeoDirectives(), new SplitClientsDirectives(), new EmptyGifDirectives(),
    ];

    /// <summary>
    /// The modules in the table: nginx's own, then dynamic, NGINX Plus and third-party ones.
    /// A new module is one class and one line here.
    /// </summary>
    public static IReadOnlyList<IDirectiveModule> Modules { get; } =
    [
        .. Stock,
        new UpstreamLeastTimeDirectives(),
        new UpstreamHealthCheckDirectives(),
        new StatusZoneDirectives(),
        new StreamDirectives(),
        new MailDirectives(),
        new NaxsiDirectives(),
        new DynamicDirectives(),
    ];

    public static IReadOnlySet<string> StockNginxModules { get; } = Stock.Select(m => m.Name).ToHashSet();

    public static DirectiveTable Default { get; } = new(Modules);

    // A plain dictionary: freezing 533 names costs ~40 ms of start-up (the frozen form analyses
    // its keys), more than it saves on the few lookups a config makes.
    private readonly Dictionary<string, DirectiveSpec[]> _byName;

    public DirectiveTable(IEnumerable<IDirectiveModule> modules)
    {
        var probed = ProbedDirectives.All.ToDictionary(p => (p.Module, p.Name));
        var all = new List<DirectiveSpec>();
        foreach (var module in modules)
        {
            foreach (var spec in module.Directives)
            {
                var owner = spec.Module.Length > 0 ? spec.Module : module.Name;
                if (!spec.IsProbed)
                {
                    all.Add(spec with { Module = owner });
                    continue;
                }
                if (!probed.TryGetValue((owner, spec.Name), out var shape))
                    throw new InvalidOperationException($"\"{spec.Name}\" of {owner} is written as a stock directive but nginx's probe does not know it (Generated/ProbedDirectives.g.cs)");
                all.Add(spec with
                {
                    Module = owner, Contexts = shape.Contexts, Arity = shape.Arity, IsBlock = shape.IsBlock,
                    Body = shape.IsBlock ? shape.Body : spec.Body, Opens = shape.Opens, Repeatable = shape.Repeatable,
                });
            }
        }
        All = all;
        _byName = all.GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<DirectiveSpec> All { get; }

    /// <summary>Every spec of that name (one per context group and module), empty when nginx does not know it.</summary>
    public IReadOnlyList<DirectiveSpec> Lookup(string name) =>
        _byName.TryGetValue(name, out var specs) ? specs : [];

    /// <summary>The spec that applies to <paramref name="name"/> in <paramref name="context"/>, as ngx_conf_handler picks it.</summary>
    public DirectiveSpec? Find(string name, DirectiveContext context) =>
        Lookup(name).FirstOrDefault(s => (s.Contexts & context) != 0);
}
