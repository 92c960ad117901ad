using System.Text;
using BenchmarkDotNet.Attributes;
using ProxyServer.NginxConf.Syntax;

namespace ProxyServer.Bench;

/// <summary>
/// The syntax pass alone (lexer + Pidgin grammar, no includes, no validation) on generated configs of
/// 100 to 10,000 <c>server</c> blocks, each with an upstream, three locations, a regex and a comment
/// (13 directives per server): cost should grow linearly with size.
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private string _text = "";

    [Params(100, 1_000, 10_000)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup() => _text = GeneratedConfig(Servers);

    [Benchmark]
    public int Parse() => ConfigParser.Parse(_text, "bench.conf").File.Directives.Count;

    public static string GeneratedConfig(int servers)
    {
        var text = new StringBuilder("events {}\nhttp {\n");
        for (var i = 0; i < servers; i++)
        {
            text.Append($"  upstream backend_{i} {{ server 10.0.{i / 256 % 256}.{i % 256}:8080 weight=2; server 10.1.0.1:8080 backup; }}\n");
            text.Append($"  server {{\n    listen 80;\n    server_name s{i}.example.com;\n");
            text.Append($"    location / {{ proxy_pass http://backend_{i}; proxy_set_header Host $host; }}\n");
            text.Append("    location ~ \"^/api/(\\d+)$\" { return 200 \"ok $1\\n\"; }\n");
            text.Append("    location /static { root /var/www; } # comment\n  }\n");
        }
        return text.Append("}\n").ToString();
    }
}
