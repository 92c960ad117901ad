using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Runtime.Variables;

/// <summary>The http core module's variables (ngx_http_variables.c): request, connection, server, time.</summary>
public sealed class CoreVariablesModule : IHttpModule
{
    public string Name => "ngx_http_core_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        var hostName = context.Options.HostName;
        variables.Register("host", r => r.Host.Length > 0 ? r.Host : r.Server.PrimaryName);
        variables.Register("uri", r => r.Uri);
        variables.Register("document_uri", r => r.Uri);
        variables.Register("request_uri", r => r.RequestUri);
        variables.Register("args", Args);
        variables.Register("query_string", Args);
        variables.Register("is_args", r => r.Args.Length > 0 ? "?" : "");
        variables.Register("request_method", r => r.Method);
        variables.Register("request", r => r.RequestLine);
        variables.Register("scheme", r => r.Http.Request.Scheme);
        variables.Register("https", r => r.Http.Request.IsHttps ? "on" : "");
        variables.Register("server_protocol", r => r.Protocol);
        variables.Register("remote_addr", r => r.Client.Text);
        variables.Register("binary_remote_addr", r => r.Client.Ip is { } a ? ByteString.FromBytes(a.GetAddressBytes()) : null);
        variables.Register("remote_port", r => r.Client.PortText);
        // ngx_http_variable_proxy_protocol_addr / _port: not found without a header that carried addresses; port 0 is "".
        variables.Register("proxy_protocol_addr", r => ProxyProtocolHeader.Of(r.Http)?.SourceAddress);
        variables.Register("proxy_protocol_port", r => ProxyProtocolHeader.Of(r.Http) is { } pp ? Port(pp.SourcePort) : null);
        variables.Register("proxy_protocol_server_addr", r => ProxyProtocolHeader.Of(r.Http)?.DestinationAddress);
        variables.Register("proxy_protocol_server_port", r => ProxyProtocolHeader.Of(r.Http) is { } pp ? Port(pp.DestinationPort) : null);
        // ngx_http_variable_server_addr / _port: a unix socket's is "unix:PATH" (ngx_sock_ntop) and no port.
        variables.Register("server_addr", r => r.Address.EndPoint is System.Net.Sockets.UnixDomainSocketEndPoint unix
            ? Model.ListenAddress.Format(unix) : Address(r.Http.Connection.LocalIpAddress));
        variables.Register("server_port", r => Port(r.Http.Connection.LocalPort));
        variables.Register("server_name", r => r.Server.PrimaryName);
        variables.Register("hostname", _ => hostName);
        variables.Register("nginx_version", _ => ServerIdentity.NginxVersion);
        variables.Register("pid", _ => Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        variables.Register("connection", r => r.ConnectionId.ToString(CultureInfo.InvariantCulture));
        variables.Register("request_id", r => r.Main.Features.GetOrAdd(() => new RequestId()).Value);
        variables.Register("content_length", r => r.Http.Request.Headers.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? Header(r, "Content-Length"));
        variables.Register("content_type", r => Header(r, "Content-Type"));
        variables.Register("remote_user", RemoteUser);
        variables.Register("document_root", r => r.Location.Core.Root);
        variables.Register("realpath_root", r => r.Location.Core.Root);
        variables.Register("limit_rate", PacedResponseBody.Variable);
        variables.Register("status", r => (r.Status != 0 ? r.Status : r.Http.Response.HasStarted ? r.Http.Response.StatusCode : 0).ToString("000", CultureInfo.InvariantCulture));
        variables.Register("body_bytes_sent", r => r.BodyBytesSent.ToString(CultureInfo.InvariantCulture));
        variables.Register("bytes_sent", r => r.BodyBytesSent.ToString(CultureInfo.InvariantCulture));
        variables.Register("request_length", r => (Http.RequestHeadChecks.HeadLength(r) + (r.Features.Get<Http.BodyRead>()?.Bytes ?? 0)).ToString(CultureInfo.InvariantCulture));
        variables.Register("request_time", r => Seconds(Stopwatch.GetElapsedTime(r.StartTimestamp)));
        variables.Register("msec", _ => Msec(DateTimeOffset.Now));
        variables.Register("time_local", _ => TimeLocal(DateTimeOffset.Now));
        variables.Register("time_iso8601", _ => DateTimeOffset.Now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        variables.Register("request_completion", r => r.Http.Response.HasStarted && !r.Http.RequestAborted.IsCancellationRequested ? "OK" : "");
        variables.Register("connection_requests", r => r.ConnectionRequests.ToString(CultureInfo.InvariantCulture));
        variables.Register("connection_time", r => r.Connection is { } c ? Seconds(Stopwatch.GetElapsedTime(c.AcceptedTimestamp)) : null);
        // nginx's r->pipeline: the request's first bytes came in the same read as the previous request's. Kestrel
        // parses ahead without saying so, so every request reads as not pipelined (README: differences).
        variables.Register("pipe", _ => ".");
        variables.Register("request_body", RequestBody.InMemory);
        variables.Register("request_body_file", RequestBody.FileName);
        variables.Register("tcpinfo_rtt", r => TcpInfo.Field(r, TcpInfo.Rtt));
        variables.Register("tcpinfo_rttvar", r => TcpInfo.Field(r, TcpInfo.RttVariance));
        variables.Register("tcpinfo_snd_cwnd", r => TcpInfo.Field(r, TcpInfo.SendCongestionWindow));
        variables.Register("tcpinfo_rcv_space", r => TcpInfo.Field(r, TcpInfo.ReceiveSpace));
        // ngx_http_v2_variable: "h2" over TLS, "h2c" in clear, empty on HTTP/1.x.
        variables.Register("http2", r => r.Http.Request.Protocol != "HTTP/2" ? "" : r.Http.Request.IsHttps ? "h2" : "h2c");

        variables.RegisterPrefix("http_", HttpHeader);
        variables.RegisterPrefix("sent_http_", name => r => SentHeader(r, name));
        variables.RegisterPrefix("arg_", name => r => Argument(r.Args, name));
        variables.RegisterPrefix("cookie_", name => r => Cookie(r, name));
        variables.RegisterPrefix("sent_trailer_", name => r => SentTrailer(r, name));
    }

    private static string? Args(NginxRequest request) => request.ArgsPresent || request.Args.Length > 0 ? request.Args : null;

    private static VariableGetter HttpHeader(string name)
    {
        var header = name.Replace('_', '-');
        return header.ToLowerInvariant() switch
        {
            "cookie" => r => Joined(r, "Cookie", "; "),
            "x-forwarded-for" => r => Joined(r, "X-Forwarded-For", ", "),
            // ngx_http_variable_unknown_header: a '_' of the name matches '-' or '_' (a header kept by underscores_in_headers)
            _ => name.Contains('_') ? r => Header(r, header) ?? Header(r, name) : r => Header(r, header),
        };
    }

    private static string? Header(NginxRequest request, string name)
    {
        var values = request.Http.Request.Headers[name];
        return values.Count == 0 ? null : values[0];
    }

    private static string? Joined(NginxRequest request, string name, string separator)
    {
        var values = request.Http.Request.Headers[name];
        return values.Count == 0 ? null : string.Join(separator, values!);
    }

    /// <summary>
    /// <c>$sent_http_NAME</c>: the first line of a response header, but for Cache-Control and Link, which nginx 1.22
    /// keeps as lists (ngx_http_variable_headers): all their lines joined with ", ".
    /// </summary>
    private static string? SentHeader(NginxRequest request, string name)
    {
        var values = request.Http.Response.Headers[name.Replace('_', '-')];
        if (values.Count == 0) return null;
        return values.Count > 1 && name.ToLowerInvariant() is "cache_control" or "link" ? string.Join(", ", values!) : values[0];
    }

    private static string? SentTrailer(NginxRequest request, string name)
    {
        if (request.Http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseTrailersFeature>()?.Trailers is not { } trailers) return null;
        var values = trailers[name.Replace('_', '-')];
        return values.Count == 0 ? null : values[0];
    }

    /// <summary>ngx_http_arg: the first <c>name=value</c> of the arguments, name compared without case, value as sent.</summary>
    public static string? Argument(string args, string name)
    {
        if (name.Length == 0) return null;
        var start = 0;
        while (start <= args.Length)
        {
            var end = args.IndexOf('&', start);
            if (end < 0) end = args.Length;
            var pair = args.AsSpan(start, end - start);
            if (pair.Length > name.Length && pair[name.Length] == '=' && pair[..name.Length].Equals(name, StringComparison.OrdinalIgnoreCase))
                return pair[(name.Length + 1)..].ToString();
            if (pair.Length == name.Length && pair.Equals(name, StringComparison.OrdinalIgnoreCase))
                return "";
            start = end + 1;
        }
        return null;
    }

    private static string? Cookie(NginxRequest request, string name)
    {
        foreach (var header in request.Http.Request.Headers.Cookie)
        {
            if (header is null) continue;
            foreach (var piece in header.Split(';'))
            {
                var pair = piece.TrimStart(' ');
                var equals = pair.IndexOf('=');
                if (equals == name.Length && pair.AsSpan(0, equals).Equals(name, StringComparison.OrdinalIgnoreCase))
                    return pair[(equals + 1)..];
            }
        }
        return null;
    }

    /// <summary>ngx_http_variable_remote_user: the user of a Basic Authorization header, whether or not auth_basic checked it.</summary>
    private static string? RemoteUser(NginxRequest request) => BasicCredentials.Of(request)?.User;

    private static string Port(int port) => port is > 0 and < 65536 ? port.ToString(CultureInfo.InvariantCulture) : "";

    private static System.Net.IPAddress Normalize(System.Net.IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string? Address(System.Net.IPAddress? address) => address is null ? null : Normalize(address).ToString();

    /// <summary>Whole milliseconds as seconds, truncated as nginx's integer msec arithmetic does (<c>$request_time</c>).</summary>
    public static string Seconds(TimeSpan elapsed) => ((long)elapsed.TotalMilliseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    public static string Msec(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>nginx's <c>$time_local</c>: <c>27/Nov/2026:07:00:00 +0000</c>.</summary>
    public static string TimeLocal(DateTimeOffset time)
    {
        var offset = time.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return time.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture) + $" {sign}{offset.Hours:00}{offset.Minutes:00}";
    }

    private sealed class RequestId
    {
        public string Value { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
    }
}
