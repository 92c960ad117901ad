using System.Buffers;
using System.Globalization;
using System.Text;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Cgi;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Scgi;

/// <summary>ngx_http_scgi_module: <c>scgi_pass</c> through the one upstream core, on the SCGI wire (<see cref="ScgiHandler"/>).</summary>
public sealed class ScgiModule : IHttpModule
{
    private static readonly CgiKeys Keys = new(ScgiDirectives.Param, ScgiDirectives.ConnectTimeout, ScgiDirectives.ReadTimeout,
        ScgiDirectives.InterceptErrors, ScgiDirectives.PassRequestHeaders, ScgiDirectives.PassRequestBody,
        ScgiDirectives.NextUpstream, ScgiDirectives.NextUpstreamTries, ScgiDirectives.NextUpstreamTimeout,
        ScgiDirectives.PassHeader, ScgiDirectives.HideHeader, ScgiDirectives.BufferSize,
        Cache.CacheDirectiveKeys.Of(ScgiDirectives.CacheKeys));

    public string Name => "ngx_http_scgi_module";

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        if (location.Scope.OwnFirst(ScgiDirectives.Pass) is null && location.Kind is not (LocationKind.If or LocationKind.LimitExcept)) return;
        var settings = CgiSettings.Compile(location.Scope, context, Keys);
        CgiContentHandler.Compile(location, context, ScgiDirectives.Pass, "scgi", _ =>
            new CgiUpstreamProtocol("scgi", settings, () => new ScgiHandler(), (request, peer, attempt) => new CgiExchange(request, peer, attempt, settings, "scgi")));
    }
}

/// <summary>
/// The SCGI request (ngx_http_scgi_create_request): one netstring, <c>LENGTH:</c> then <c>CONTENT_LENGTH</c> (the
/// body's length, first as the protocol wants), the params and headers as NUL-terminated name and value, then
/// <c>,</c>; the body follows.
/// </summary>
public sealed class ScgiHandler : CgiStreamHandler
{
    protected override void WriteHead(ArrayBufferWriter<byte> output, CgiExchange exchange, long bodyLength)
    {
        var headers = new ArrayBufferWriter<byte>(1024);
        Pair(headers, "CONTENT_LENGTH", bodyLength.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in exchange.Params) Pair(headers, name, value);
        output.Write(Encoding.ASCII.GetBytes(headers.WrittenCount.ToString(CultureInfo.InvariantCulture) + ":"));
        output.Write(headers.WrittenSpan);
        output.Write(","u8);
    }

    private static void Pair(ArrayBufferWriter<byte> output, string name, string value)
    {
        output.Write(Encoding.UTF8.GetBytes(name));
        output.Write([(byte)0]);
        output.Write(Encoding.UTF8.GetBytes(value));
        output.Write([(byte)0]);
    }
}
