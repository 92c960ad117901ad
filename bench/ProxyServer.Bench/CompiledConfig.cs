using System.Net;
using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Bench;

/// <summary>
/// A config compiled as <c>proxyserver run</c> compiles it, and requests made against it the way
/// <see cref="RequestPipeline"/> makes them (host and URI already parsed), so a benchmark times
/// one phase on the real runtime model.
/// </summary>
public sealed class CompiledConfig
{
    private CompiledConfig(RuntimeModel model) => Model = model;

    public RuntimeModel Model { get; }

    /// <summary>Compiles the body of an <c>http {}</c> block; throws with the diagnostics when it does not compile.</summary>
    public static CompiledConfig FromHttpBlock(string http)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "proxyserver-bench");
        Directory.CreateDirectory(prefix);
        var tree = ConfigLoader.LoadText($"events {{}}\nhttp {{\n{http}\n}}\n", Path.Combine(prefix, "nginx.conf"));
        var result = RuntimeCompiler.Compile(tree, new CompileOptions { Prefix = prefix, DefaultErrorLogPath = "/dev/null", DefaultPidPath = "" });
        return result.Model is { } model
            ? new CompiledConfig(model)
            : throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Select(d => d.NginxText)));
    }

    /// <summary>A GET for <paramref name="target"/> with Host <paramref name="host"/>, its server already found.</summary>
    public NginxRequest Request(string host, string target, params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Protocol = "HTTP/1.1";
        http.Request.Headers.Host = host;
        foreach (var (name, value) in headers) http.Request.Headers[name] = value;
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        http.Connection.RemotePort = 50123;
        var address = Model.Addresses[0];
        var question = target.IndexOf('?');
        var request = new NginxRequest(http, Model, address, 1)
        {
            Method = "GET",
            RequestUri = target,
            Host = host,
            Uri = question < 0 ? target : target[..question],
        };
        if (question >= 0) request.Args = target[(question + 1)..];
        request.Server = address.Names.Find(host, request) ?? address.DefaultServer;
        request.Location = request.Server.Root;
        return request;
    }
}
