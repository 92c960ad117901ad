using System.Diagnostics;
using ProxyServer.NginxConf.Diagnostics;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Waf.Config;
using ProxyServer.Runtime.Waf.Engine;

// The WAF's own CPU cost per request, with naxsi's core rules and the recommended CheckRules,
// then with libinjection (LibInjectionSql + LibInjectionXss) on top: what bench/waf/run.sh
// measures end to end, without the proxy, the backend and the noise of a shared machine. Best of
// several runs, after a warm-up that lets the JIT tier up.
//
//   dotnet run -c Release --project bench/waf/engine [path/to/naxsi_core.rules]

var rules = args.Length > 0 ? args[0] : FindCoreRules();
var core = Policy("");
var withLibInjection = Policy("LibInjectionSql; LibInjectionXss; CheckRule \"$LIBINJECTION_SQL >= 1\" BLOCK; CheckRule \"$LIBINJECTION_XSS >= 1\" BLOCK;");
if (core is null || withLibInjection is null) return 1;

KeyValuePair<string, string>[] browser =
[
    new("Host", "shop.example"),
    new("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"),
    new("Accept", "text/html,application/xhtml+xml"),
    new("Accept-Language", "en-US,en;q=0.9"),
    new("Cookie", "session=0123456789abcdef; theme=dark"),
];
(string Name, WafRequest Request)[] cases =
[
    ("GET / (wrk's headers)", new WafRequest { Method = "GET", RawPath = "/", Headers = [new("Host", "localhost")] }),
    ("GET page + 3 args, browser headers", new WafRequest { Method = "GET", RawPath = "/products/list", RawQuery = "page=2&sort=price&q=blue+shoes", Headers = browser }),
    ("POST form, 4 fields", new WafRequest
    {
        Method = "POST", RawPath = "/account/address", Headers = [.. browser, new("Content-Type", "application/x-www-form-urlencoded")],
        Body = "street=12+Main+Street&city=Springfield&zip=12345&country=US"u8.ToArray(),
    }),
    ("POST JSON, 5 fields", new WafRequest
    {
        Method = "POST", RawPath = "/api/orders", Headers = [.. browser, new("Content-Type", "application/json")],
        Body = """{"item":"blue shoes","size":42,"qty":1,"gift":false,"note":"leave at the door"}"""u8.ToArray(),
    }),
    ("GET attack (blocked)", new WafRequest { Method = "GET", RawPath = "/", RawQuery = "q=1+union+select+password+from+users", Headers = browser }),
    ("GET sqli only libinjection sees", new WafRequest { Method = "GET", RawPath = "/", RawQuery = "id=1%20OR%201=1", Headers = browser }),
    ("GET 2 KB query, 50 args", new WafRequest { Method = "GET", RawPath = "/search", RawQuery = LongQuery(2048), Headers = browser }),
    ("POST 100 KB form, 2400 fields", new WafRequest
    {
        Method = "POST", RawPath = "/account/import", Headers = [.. browser, new("Content-Type", "application/x-www-form-urlencoded")],
        Body = System.Text.Encoding.ASCII.GetBytes(LongQuery(100 * 1024)),
    }),
];

Console.WriteLine($"{"request",-38} {"core us",8} {"+libinj us",10}  verdicts");
foreach (var (name, request) in cases)
{
    var (coreTime, coreVerdict) = Measure(core, request);
    var (libTime, libVerdict) = Measure(withLibInjection, request);
    Console.WriteLine($"{name,-38} {coreTime,8:F2} {libTime,10:F2}  {coreVerdict}/{libVerdict}");
}
return 0;

WafPolicy? Policy(string extra)
{
    var text = $$"""
        include {{rules}};
        server {
            location / {
                SecRulesEnabled; DeniedUrl "/RequestDenied";
                CheckRule "$SQL >= 8" BLOCK; CheckRule "$RFI >= 8" BLOCK; CheckRule "$TRAVERSAL >= 5" BLOCK;
                CheckRule "$UPLOAD >= 5" BLOCK; CheckRule "$XSS >= 8" BLOCK; CheckRule "$EVADE >= 8" BLOCK;
                {{extra}}
            }
        }
        """;
    var tree = ConfigLoader.LoadText(text, Path.Combine(Environment.CurrentDirectory, "bench.conf"));
    var diagnostics = new List<Diagnostic>(tree.Diagnostics);
    var config = NaxsiConfig.Compile(tree.Root.Directives, diagnostics);
    if (diagnostics.Any(d => d.Severity == Severity.Error))
    {
        foreach (var d in diagnostics) Console.Error.WriteLine(d.NginxText);
        return null;
    }
    return config.PolicyFor(tree.Root.Directives.First(d => d.Name == "server").Block![0]);
}

static (double MicrosecondsPerRequest, WafVerdict Verdict) Measure(WafPolicy policy, WafRequest request)
{
    var verdict = WafEngine.Inspect(policy, request).Verdict;
    // Warm up for half a second, then size each run to about a fifth of a second: 100,000 checks of
    // a 100 KB body would take minutes.
    var warmup = Stopwatch.StartNew();
    var warmed = 0;
    for (; warmup.ElapsedMilliseconds < 500; warmed++) WafEngine.Inspect(policy, request);
    var n = Math.Max(10, (int)(warmed * 0.4));
    var best = double.MaxValue;
    for (var run = 0; run < 7; run++)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) WafEngine.Inspect(policy, request);
        best = Math.Min(best, stopwatch.Elapsed.TotalMicroseconds / n);
    }
    return (best, verdict);
}

// Benign fields (words, numbers, a few percent-escapes) up to <paramref name="length"/> bytes: what
// a search page or a big settings form sends.
static string LongQuery(int length)
{
    var query = new System.Text.StringBuilder();
    for (var i = 0; ; i++)
    {
        var field = $"{(i == 0 ? "" : "&")}field{i}=value+number+{i}%20of%20the%20form";
        if (query.Length + field.Length > length) return query.ToString();
        query.Append(field);
    }
}

static string FindCoreRules()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "waf", "naxsi_core.rules");
        if (File.Exists(candidate)) return candidate;
    }
    throw new FileNotFoundException("naxsi_core.rules not found in a shared/waf above the current directory; pass its path");
}
