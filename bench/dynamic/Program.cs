using System.Diagnostics;
using System.Net;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Dynamic.Etcd;
using ProxyServer.Runtime.Dynamic.KvMap;
using ProxyServer.Tests.Infrastructure;

// Put-to-routed latency: the time from etcd acknowledging a put of /proxy/hosts/HOST to
// (1) a kv_source in this process serving it, and (2) proxyserver routing a request for HOST
// to the new backend (polled every millisecond over one keep-alive connection).
var iterations = args.Length > 0 ? int.Parse(args[0]) : 200;

using var etcd = EtcdInstance.Start();
int first = FreePort.Next(), second = FreePort.Next(), port = FreePort.Next();
using var backends = NginxInstance.StartHttp(
    $"server {{ listen 127.0.0.1:{first}; return 200 \"first\"; }}\nserver {{ listen 127.0.0.1:{second}; return 200 \"second\"; }}", first, second);
using var proxy = ProxyServerInstance.StartHttp($$"""
    kv_source main etcd://{{etcd.Endpoint}};
    kv_map $host $backend { source main /proxy/hosts/; default 127.0.0.1:{{first}}; }
    server { listen 127.0.0.1:{{port}}; location / { proxy_pass http://$backend; } }
    """);

using var channel = GrpcChannel.ForAddress(etcd.ClientUrl);
var kv = new KV.KVClient(channel);
var map = new KvMapDefinition("$host", "$backend", "main", "/proxy/hosts/", false, null);
await using var source = new KvSource(new KvSourceSettings("main", [etcd.Endpoint], null), [map.Watch()], NullLogger.Instance);
source.Start();
await source.Ready;

using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 });
async Task<string> Get(string host)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/") { Version = HttpVersion.Version11 };
    request.Headers.Host = host;
    using var response = await http.SendAsync(request);
    return await response.Content.ReadAsStringAsync();
}

for (var i = 0; i < 20; i++) await Get("warmup.test"); // JIT, connection
var inProcess = new List<double>();
var routed = new List<double>();
for (var i = 0; i < iterations; i++)
{
    var host = $"tenant{i}.test";
    var key = "/proxy/hosts/" + host;
    await kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8($"127.0.0.1:{second}") });
    var acked = Stopwatch.GetTimestamp();
    var sourceSeen = false;
    while (true)
    {
        if (!sourceSeen && source.Current.Get(key) is not null)
        {
            inProcess.Add(Stopwatch.GetElapsedTime(acked).TotalMilliseconds);
            sourceSeen = true;
        }
        if (await Get(host) == "second")
        {
            routed.Add(Stopwatch.GetElapsedTime(acked).TotalMilliseconds);
            break;
        }
        await Task.Delay(1);
    }
    if (!sourceSeen)
    {
        while (source.Current.Get(key) is null) await Task.Delay(1);
        inProcess.Add(Stopwatch.GetElapsedTime(acked).TotalMilliseconds);
    }
}

static string Summary(List<double> values)
{
    values.Sort();
    double P(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
    return $"p50 {P(0.50):0.0} ms  p90 {P(0.90):0.0} ms  p99 {P(0.99):0.0} ms  max {values[^1]:0.0} ms  (n={values.Count})";
}

Console.WriteLine($"put -> kv_source snapshot (in process): {Summary(inProcess)}");
Console.WriteLine($"put -> routed by proxyserver (HTTP):    {Summary(routed)}");
