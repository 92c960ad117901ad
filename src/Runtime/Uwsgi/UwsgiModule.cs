using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Uwsgi;

/// <summary>ngx_http_uwsgi_module: <c>uwsgi_pass</c> through the one upstream core, on the uwsgi wire (<see cref="UwsgiHandler"/>).</summary>
public sealed class UwsgiModule : IHttpModule
{
    private static readonly CgiKeys Keys = new(UwsgiDirectives.Param, UwsgiDirectives.ConnectTimeout, UwsgiDirectives.ReadTimeout,
        UwsgiDirectives.InterceptErrors, UwsgiDirectives.PassRequestHeaders, UwsgiDirectives.PassRequestBody,
        UwsgiDirectives.NextUpstream, UwsgiDirectives.NextUpstreamTries, UwsgiDirectives.NextUpstreamTimeout,
        UwsgiDirectives.PassHeader, UwsgiDirectives.HideHeader, UwsgiDirectives.BufferSize,
        Cache.CacheDirectiveKeys.Of(UwsgiDirectives.CacheKeys));

    public string Name => "ngx_http_uwsgi_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        if (scope.OwnFirst(UwsgiDirectives.Pass) is null && location.Kind is not (LocationKind.If or LocationKind.LimitExcept)) return;
        if (ProxyServer.Runtime.Proxy.ProxyModule.PassOf(location, UwsgiDirectives.Pass) is { Args: [var address] } pass)
        {
            // ngx_http_uwsgi_pass: "uwsgi://" is dropped; "suwsgi://" asks for TLS, not spoken here yet
            if (address.Value.StartsWith("suwsgi://", StringComparison.OrdinalIgnoreCase))
            {
                context.Error("unsupported directive \"uwsgi_pass\" with suwsgi:// (uwsgi over TLS is not served yet)", pass.Position);
                return;
            }
        }
        var settings = CgiSettings.Compile(scope, context, Keys);
        var modifiers = ((byte)scope.Get(UwsgiDirectives.Modifier1, context), (byte)scope.Get(UwsgiDirectives.Modifier2, context));
        CgiContentHandler.Compile(location, context, UwsgiDirectives.Pass, "uwsgi", _ =>
            new CgiUpstreamProtocol("uwsgi", settings, () => new UwsgiHandler(),
                (request, peer, attempt) => new UwsgiExchange(request, peer, attempt, settings, modifiers.Item1, modifiers.Item2)));
    }
}

/// <summary>A uwsgi request with its packet's <c>uwsgi_modifier1</c> and <c>uwsgi_modifier2</c>.</summary>
public sealed class UwsgiExchange(NginxRequest request, UpstreamPeer peer, UpstreamAttempt attempt, CgiSettings settings, byte modifier1, byte modifier2)
    : CgiExchange(request, peer, attempt, settings, "uwsgi")
{
    public byte Modifier1 => modifier1;
    public byte Modifier2 => modifier2;
}

/// <summary>
/// The uwsgi request (ngx_http_uwsgi_create_request): a 4-byte header (modifier1, the vars' size as 16-bit
/// little endian, modifier2), then each param and header as 16-bit little-endian lengths before name and value;
/// the body follows.
/// </summary>
public sealed class UwsgiHandler : CgiStreamHandler
{
    protected override void WriteHead(ArrayBufferWriter<byte> output, CgiExchange exchange, long bodyLength)
    {
        var uwsgi = (UwsgiExchange)exchange;
        var vars = new ArrayBufferWriter<byte>(1024);
        foreach (var (name, value) in exchange.Params)
        {
            Field(vars, name);
            Field(vars, value);
        }
        // nginx refuses a packet whose vars do not fit the 16-bit size ("uwsgi request is too big"); the size wraps here
        var header = output.GetSpan(4);
        header[0] = uwsgi.Modifier1;
        BinaryPrimitives.WriteUInt16LittleEndian(header[1..], (ushort)vars.WrittenCount);
        header[3] = uwsgi.Modifier2;
        output.Advance(4);
        output.Write(vars.WrittenSpan);
    }

    private static void Field(ArrayBufferWriter<byte> output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteUInt16LittleEndian(output.GetSpan(2), (ushort)bytes.Length);
        output.Advance(2);
        output.Write(bytes);
    }
}
