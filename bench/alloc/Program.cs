using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Hosting;

// Bytes and objects allocated per small proxied request, measured inside the process that serves
// them (issue #19). A backend nginx (`return 200 "ok\n"`) is started on a free port; the proxy runs
// here on the same config bench/perf's `small` scenario uses (upstream keepalive, logs off); a load
// of blocking sockets that allocates nothing per request (requests pre-encoded, one receive buffer)
// sends N keep-alive requests over C connections. Reported:
//   - GC.GetTotalAllocatedBytes delta / N: every byte the process allocated, per request;
//   - the allocating types, from the runtime's GCAllocationTick events (one event per ~100 KB
//     allocated, naming the type that crossed the mark: a sample proportional to bytes by type);
//   - lock contentions and thread pool work items per request (what keeps a second core from helping).
//
//   dotnet run -c Release --project bench/alloc [-- REQUESTS [CONNECTIONS [WARMUP]]]
//   ALLOC_CONFIG=FILE uses that proxy config instead (it must listen on $PORT and proxy to
//   $BACKEND, both substituted as text).
var requests = args.Length > 0 ? int.Parse(args[0]) : 200_000;
var connections = args.Length > 1 ? int.Parse(args[1]) : 8;
var warmup = args.Length > 2 ? int.Parse(args[2]) : 100_000;

var work = Directory.CreateTempSubdirectory("allocbench.").FullName;
Process? backend = null;
try
{
    var backendPort = FreePort();
    Directory.CreateDirectory(Path.Combine(work, "backend"));
    File.WriteAllText(Path.Combine(work, "backend", "nginx.conf"), $$"""
        daemon off; master_process off; worker_processes 1; pid {{work}}/backend/nginx.pid;
        error_log {{work}}/backend/error.log;
        events { worker_connections 4096; }
        http {
            access_log off; keepalive_requests 1000000; keepalive_timeout 300s;
            client_body_temp_path {{work}}/backend/body; proxy_temp_path {{work}}/backend/proxy;
            fastcgi_temp_path {{work}}/backend/fcgi; uwsgi_temp_path {{work}}/backend/uwsgi; scgi_temp_path {{work}}/backend/scgi;
            server { listen 127.0.0.1:{{backendPort}}; location / { return 200 "ok\n"; } }
        }
        """);
    backend = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", ["-p", work + "/backend/", "-c", work + "/backend/nginx.conf"]) { RedirectStandardError = true })!;
    WaitListening(backendPort);

    var port = FreePort();
    var config = Environment.GetEnvironmentVariable("ALLOC_CONFIG") is { } template
        ? File.ReadAllText(template)
        : """
        worker_processes 1; pid $WORK/proxy.pid;
        error_log $WORK/error.log error;
        events { worker_connections 4096; }
        http {
            access_log off; keepalive_requests 1000000; keepalive_timeout 300s;
            proxy_http_version 1.1; proxy_set_header Connection "";
            upstream backend { server $BACKEND; keepalive 1024; }
            server { listen 127.0.0.1:$PORT; location / { proxy_pass http://backend; } }
        }
        """;
    var configPath = Path.Combine(work, "nginx.conf");
    File.WriteAllText(configPath, config.Replace("$WORK", work).Replace("$PORT", port.ToString()).Replace("$BACKEND", $"127.0.0.1:{backendPort}"));
    var source = new ConfigSource(configPath, new CompileOptions { Prefix = work, DefaultPidPath = "", DefaultErrorLogPath = "stderr", DefaultAccessLogPath = "/dev/null" });
    var server = new ServerProcess(cycle => source.Compile(cycle), Console.Error) { HandleSignals = false };
    var running = Task.Run(() => server.RunAsync(null));
    if (!await server.Serving) throw new InvalidOperationException("the proxy did not start: " + await running);

    var request = Encoding.ASCII.GetBytes($"GET /small HTTP/1.1\r\nHost: localhost\r\nUser-Agent: allocbench\r\nAccept: */*\r\n\r\n");
    Load(port, request, connections, warmup);   // JIT tiers up, pools fill
    using var listener = new AllocationSampler();
    GC.Collect();
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var contentionBefore = Monitor.LockContentionCount;
    var workItemsBefore = ThreadPool.CompletedWorkItemCount;
    var clock = Stopwatch.StartNew();
    Load(port, request, connections, requests);
    clock.Stop();
    var after = GC.GetTotalAllocatedBytes(precise: true);
    listener.Stop();

    var perRequest = (after - before) / (double)requests;
    Console.WriteLine($"{requests:N0} requests over {connections} connections in {clock.Elapsed.TotalSeconds:F1} s; " +
        $"gen0/1/2 collections: {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}");
    Console.WriteLine($"allocated: {perRequest:N0} bytes per request (GC.GetTotalAllocatedBytes)");
    // What stops a second core from helping: contended locks (Monitor.LockContentionCount, the runtime's
    // monitor-lock-contention-count counter) and thread pool hand-offs, per request.
    Console.WriteLine($"lock contentions: {(Monitor.LockContentionCount - contentionBefore) / (double)requests:F4} per request; " +
        $"thread pool work items: {(ThreadPool.CompletedWorkItemCount - workItemsBefore) / (double)requests:F2} per request; {ThreadPool.ThreadCount} pool threads");
    Console.WriteLine();
    Console.WriteLine("| type (GCAllocationTick samples) | bytes/req | share |");
    Console.WriteLine("|---|---:|---:|");
    var total = listener.Samples.Values.Sum();
    foreach (var (type, bytes) in listener.Samples.OrderByDescending(p => p.Value).Take(int.TryParse(Environment.GetEnvironmentVariable("ALLOC_TOP"), out var top) ? top : 40))
        Console.WriteLine($"| `{type}` | {perRequest * bytes / total:N0} | {100.0 * bytes / total:F1}% |");
    Console.WriteLine($"({listener.Samples.Count} types, {listener.Events:N0} samples)");

    server.Stop(graceful: false);
    await running;
    return 0;
}
finally
{
    if (backend is { HasExited: false }) { backend.Kill(); backend.WaitForExit(); }
    Directory.Delete(work, recursive: true);
}

static int FreePort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)socket.LocalEndPoint!).Port;
}

static void WaitListening(int port)
{
    for (var i = 0; i < 400; i++)
    {
        try { using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp); s.Connect(IPAddress.Loopback, port); return; }
        catch (SocketException) { Thread.Sleep(50); }
    }
    throw new TimeoutException($"port {port} not listening");
}

// N requests spread over C threads, each with one keep-alive connection and blocking calls: after
// the first request nothing here allocates, so the process's allocations are the proxy's.
static void Load(int port, byte[] request, int connections, int total)
{
    var threads = new Thread[connections];
    for (var t = 0; t < connections; t++)
    {
        var count = total / connections + (t < total % connections ? 1 : 0);
        threads[t] = new Thread(() => Client(port, request, count)) { IsBackground = true };
        threads[t].Start();
    }
    foreach (var thread in threads) thread.Join();
}

static void Client(int port, byte[] request, int count)
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    socket.Connect(IPAddress.Loopback, port);
    var buffer = new byte[16384];
    for (var i = 0; i < count; i++)
    {
        socket.Send(request);
        var have = 0;
        while (true)
        {
            var n = socket.Receive(buffer.AsSpan(have));
            if (n == 0) throw new IOException("the proxy closed the connection");
            have += n;
            if (Complete(buffer.AsSpan(0, have))) break;
        }
    }
}

// A whole response: the head, and Content-Length bytes after it (the proxy's answers have one).
static bool Complete(ReadOnlySpan<byte> data)
{
    var end = data.IndexOf("\r\n\r\n"u8);
    if (end < 0) return false;
    var head = data[..end];
    if (!head.StartsWith("HTTP/1.1 200"u8)) throw new InvalidDataException("not a 200: " + Encoding.ASCII.GetString(head));
    var at = head.IndexOf("\r\nContent-Length: "u8);
    if (at < 0) throw new InvalidDataException("no Content-Length: " + Encoding.ASCII.GetString(head));
    var digits = head[(at + 18)..];
    var length = 0;
    foreach (var b in digits) { if (b is < (byte)'0' or > (byte)'9') break; length = length * 10 + (b - '0'); }
    return data.Length >= end + 4 + length;
}

/// <summary>The runtime's GCAllocationTick events (keyword GC, verbose): bytes by type name.</summary>
sealed class AllocationSampler : EventListener
{
    private volatile bool _on = true;
    public Dictionary<string, long> Samples { get; } = new();
    public int Events { get; private set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || !e.EventName!.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        lock (Samples)
        {
            Samples[type] = Samples.GetValueOrDefault(type) + amount;
            Events++;
        }
    }

    public void Stop() => _on = false;
}
