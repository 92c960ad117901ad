using BenchmarkDotNet.Attributes;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Rewrite;

namespace ProxyServer.Bench;

/// <summary>
/// Evaluating a compiled text with variables per request (here the body of <c>return 200 "..."</c>,
/// run as the rewrite phase runs it): literal text, core request variables, a request header, a
/// <c>map</c> result, regex captures of the location, and a typical proxy header line.
/// </summary>
[MemoryDiagnoser]
public class VariableEvaluationBenchmarks
{
    private readonly Dictionary<string, NginxRequest> _requests = [];

    [Params("literal", "core", "header", "map", "captures", "forwarded")]
    public string Template { get; set; } = "literal";

    [GlobalSetup]
    public void Setup()
    {
        var config = CompiledConfig.FromHttpBlock("""
            map $uri $section { default other; ~^/shop/ shop; /about about; }
            server {
                listen 127.0.0.1:8080;
                location = /literal { return 200 "a fixed body\n"; }
                location = /core { return 200 "$scheme://$host$request_uri $uri?$args $remote_addr:$remote_port\n"; }
                location = /header { return 200 "$http_user_agent|$http_accept_language|$cookie_session\n"; }
                location = /map { return 200 "$section\n"; }
                location ~ ^/captures/(?<kind>[a-z]+)/(\d+)$ { return 200 "$kind $2 $1\n"; }
                location = /forwarded { return 200 "$proxy_add_x_forwarded_for $remote_addr $host\n"; }
            }
            """);
        var headers = new[] { ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"), ("Accept-Language", "en-US,en;q=0.9"), ("Cookie", "theme=dark; session=0123456789abcdef") };
        foreach (var (name, target) in new[] { ("literal", "/literal"), ("core", "/core?page=2&sort=price"), ("header", "/header"), ("map", "/map"), ("captures", "/captures/shoes/42"), ("forwarded", "/forwarded") })
        {
            var request = config.Request("shop.example.com", target, headers);
            var found = request.Server.Root;
            request.Server.Root.Children.Find(request.Uri, request, ref found);
            request.Location = found;
            _requests[name] = request;
        }
    }

    [Benchmark]
    public string? Evaluate()
    {
        var request = _requests[Template];
        return RewriteProgram.Run(request.Location.RewriteOps, request).Body;
    }
}
