using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using ProxyServer.Tests.Infrastructure;
using ProxyServer.Tests.Runtime.Dynamic;

namespace ProxyServer.Tests.Runtime.Grpc;

/// <summary>
/// grpc_pass in nginx and in us, in front of the same gRPC server (<see cref="GrpcTestBackend"/>), asked by a real
/// gRPC client (Grpc.Net.Client) over HTTP/2 by prior knowledge: unary and streaming calls give the same messages and
/// the same status from the trailers, the backend sees the same headers, and a backend that is down gets nginx's 502
/// and log line.
/// </summary>
public sealed class GrpcDifferentialTests(GrpcDifferentialTests.Servers servers) : IClassFixture<GrpcDifferentialTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        private readonly TlsCertificates _certificates = new();

        public Servers()
        {
            var name = _certificates.Server("backend", dnsNames: "localhost");
            using var pem = X509Certificate2.CreateFromPemFile(_certificates.CertPath(name), _certificates.KeyPath(name));
            Backend = new GrpcTestBackend(X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
            DeadPort = FreePort.Next();
            Pair = DifferentialPair.StartHttp($$$"""
                server {
                    listen 127.0.0.1:{{P0}} http2;
                    location / { grpc_pass 127.0.0.1:{{{Backend.Port}}}; }
                    location = /test.Echo/Headers {
                        grpc_pass grpc://127.0.0.1:{{{Backend.Port}}};
                        grpc_set_header X-Set "set:$request_method";
                    }
                }
                server {
                    listen 127.0.0.1:{{P1}} http2;
                    location / { grpc_pass grpcs://127.0.0.1:{{{Backend.TlsPort}}}; }
                }
                server {
                    listen 127.0.0.1:{{P2}} http2;
                    location / { grpc_pass 127.0.0.1:{{{DeadPort}}}; }
                }
                """, portCount: 3);
        }

        public GrpcTestBackend Backend { get; }
        public DifferentialPair Pair { get; }
        public int DeadPort { get; }

        public void Dispose()
        {
            Pair.Dispose();
            Backend.Dispose();
            _certificates.Dispose();
        }
    }

    private static readonly Marshaller<string> Text = Marshallers.Create(s => Encoding.UTF8.GetBytes(s), b => Encoding.UTF8.GetString(b));

    private static Method<string, string> Method(MethodType type, string name) => new(type, "test.Echo", name, Text, Text);

    /// <summary>Generous: the machine is loaded; a call that hangs fails with DeadlineExceeded instead of stalling the run.</summary>
    private static CallOptions Options(Metadata? headers = null) => new(headers, DateTime.UtcNow.AddSeconds(60));

    /// <summary>Runs <paramref name="call"/> against nginx and against us (listen port <paramref name="portIndex"/>).</summary>
    private async Task<(string Nginx, string Ours)> BothAsync(Func<CallInvoker, Task<string>> call, int portIndex = 0)
    {
        return (await OneAsync(servers.Pair.NginxPort(portIndex)), await OneAsync(servers.Pair.OurPort(portIndex)));

        async Task<string> OneAsync(int port)
        {
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() });
            try
            {
                return await call(channel.CreateCallInvoker());
            }
            catch (RpcException e)
            {
                return $"status={e.StatusCode}";
            }
        }
    }

    private static void AssertSame((string Nginx, string Ours) answers, string? expected = null)
    {
        Assert.Equal(answers.Nginx, answers.Ours);
        if (expected is not null) Assert.Equal(expected, answers.Ours);
    }

    [Fact]
    public async Task Unary_SameAsNginx() =>
        AssertSame(await BothAsync(async invoker =>
            await invoker.AsyncUnaryCall(Method(MethodType.Unary, "Unary"), null, Options(), "hello")), "echo:hello");

    [Fact]
    public async Task UnaryOverGrpcs_SameAsNginx() =>
        AssertSame(await BothAsync(async invoker =>
            await invoker.AsyncUnaryCall(Method(MethodType.Unary, "Headers"), null, Options(), "")
            is var seen && seen.Contains("scheme=https") ? "https" : seen, portIndex: 1), "https");

    [Fact]
    public async Task StatusInTrailers_ReachesTheClient_SameAsNginx() =>
        AssertSame(await BothAsync(async invoker =>
        {
            var call = invoker.AsyncUnaryCall(Method(MethodType.Unary, "Fail"), null, Options(), "x");
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            return $"{error.StatusCode} {error.Status.Detail}";
        }), "PermissionDenied denied by the backend");

    [Fact]
    public async Task BackendHeaders_SameAsNginx() =>
        AssertSame(await BothAsync(async invoker =>
            await invoker.AsyncUnaryCall(Method(MethodType.Unary, "Headers"), null, Options(new Metadata { { "x-client", "c1" } }), "")));

    [Fact]
    public async Task ServerStreaming_SameAsNginx() =>
        AssertSame(await BothAsync(async invoker =>
        {
            using var call = invoker.AsyncServerStreamingCall(Method(MethodType.ServerStreaming, "ServerStream"), null, Options(), "5");
            var items = new List<string>();
            while (await call.ResponseStream.MoveNext(CancellationToken.None)) items.Add(call.ResponseStream.Current);
            return string.Join(",", items) + " " + call.GetStatus().StatusCode;
        }), "item 1,item 2,item 3,item 4,item 5 OK");

    [Fact]
    public async Task ClientStreaming_SameAsNginx() =>
        AssertSame(await BothAsync(async invoker =>
        {
            using var call = invoker.AsyncClientStreamingCall(Method(MethodType.ClientStreaming, "ClientStream"), null, Options());
            foreach (var item in new[] { "a", "b", "c" }) await call.RequestStream.WriteAsync(item);
            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }), "a,b,c");

    /// <summary>Each message's answer arrives before the next message is sent: neither side buffers the streams.</summary>
    [Fact]
    public async Task BidirectionalStreaming_AnswersEachMessageBeforeTheNext_SameAsNginx() =>
        AssertSame(await BothAsync(async invoker =>
        {
            using var call = invoker.AsyncDuplexStreamingCall(Method(MethodType.DuplexStreaming, "Bidi"), null, Options());
            var answers = new List<string>();
            foreach (var item in new[] { "one", "two", "three" })
            {
                await call.RequestStream.WriteAsync(item);
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
                answers.Add(call.ResponseStream.Current);
            }
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
            return string.Join(",", answers) + " " + call.GetStatus().StatusCode;
        }), "echo:one,echo:two,echo:three OK");

    [Fact]
    public async Task BackendDown_Is502_WithNginxsLogLine()
    {
        var answers = await BothAsync(async invoker =>
            await invoker.AsyncUnaryCall(Method(MethodType.Unary, "Unary"), null, Options(), "x"), portIndex: 2);
        // a 502 from the proxy is gRPC's Unavailable
        AssertSame(answers, "status=Unavailable");
        var line = $"connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: , request: \"POST /test.Echo/Unary HTTP/2.0\", upstream: \"grpc://127.0.0.1:{servers.DeadPort}\"";
        Assert.True(await Eventually.Holds(() => servers.Pair.Nginx.ErrorLog.Contains(line), TimeSpan.FromSeconds(30)), servers.Pair.Nginx.ErrorLog);
        Assert.True(await Eventually.Holds(() => servers.Pair.Ours.ErrorLog.Contains(line), TimeSpan.FromSeconds(30)), servers.Pair.Ours.ErrorLog);
    }
}
