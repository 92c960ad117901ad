namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// A parsed <c>listen</c> directive: the address (default port 80, a bare number is a port on every
/// address) and its parameters, as <c>ngx_http_core_listen</c> reads them.
/// </summary>
public sealed record ListenParameters(HostPort Address)
{
    public bool DefaultServer { get; init; }
    public bool Ssl { get; init; }
    public bool Http2 { get; init; }
    public bool ProxyProtocol { get; init; }
    public bool Bind { get; init; }
    public bool Deferred { get; init; }
    public bool ReusePort { get; init; }
    public bool? Ipv6Only { get; init; }
    public int? Backlog { get; init; }
    public long? ReceiveBuffer { get; init; }
    public long? SendBuffer { get; init; }
    public int? FastOpen { get; init; }
    public string? SoKeepalive { get; init; }

    /// <summary>The last port of a range (<c>listen 8000-8003</c>); null for one port.</summary>
    public int? LastPort { get; init; }

    public int Port => Address.Port ?? 80;

    /// <summary>The socket key nginx groups servers by, e.g. <c>0.0.0.0:80</c> or <c>[::1]:8080</c> (the first port of a range).</summary>
    public string SocketKey => SocketKeyOf(Port);

    /// <summary>The socket keys of every port the listen names (one, or each of a range).</summary>
    public IEnumerable<string> SocketKeys => Enumerable.Range(Port, (LastPort ?? Port) - Port + 1).Select(SocketKeyOf);

    private string SocketKeyOf(int port) => Address.IsUnix ? Address.ToString()
        : $"{(Address.IsWildcard ? "0.0.0.0" : Address.Host)}:{port}";

    public static Parsed<ListenParameters> Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0) return Parsed<ListenParameters>.Fail("invalid number of arguments in \"listen\" directive");
        var (single, lastPort, rangeError) = ListenPortRange.Split(args[0]);
        if (rangeError is not null) return Parsed<ListenParameters>.Fail($"{rangeError} in \"{args[0]}\" of the \"listen\" directive");
        if (!HostPort.TryParse(single, bareNumberIsPort: true, out var address))
            return Parsed<ListenParameters>.Fail($"invalid port in \"{args[0]}\" of the \"listen\" directive");
        var listen = new ListenParameters(address) { LastPort = lastPort };
        foreach (var arg in args.Skip(1))
        {
            var (key, value) = Split(arg);
            switch (key)
            {
                case "default_server" or "default" when value is null: listen = listen with { DefaultServer = true }; break;
                case "ssl" when value is null: listen = listen with { Ssl = true }; break;
                case "http2" when value is null: listen = listen with { Http2 = true }; break;
                case "proxy_protocol" when value is null: listen = listen with { ProxyProtocol = true }; break;
                case "bind" when value is null: listen = listen with { Bind = true }; break;
                case "deferred" when value is null: listen = listen with { Deferred = true, Bind = true }; break;
                case "reuseport" when value is null: listen = listen with { ReusePort = true, Bind = true }; break;
                case "ipv6only" when value is "on" or "off": listen = listen with { Ipv6Only = value == "on", Bind = true }; break;
                case "backlog" when value is not null:
                    if (!int.TryParse(value, out var backlog) || backlog == 0) return Parsed<ListenParameters>.Fail($"invalid backlog \"{arg}\"");
                    listen = listen with { Backlog = backlog, Bind = true }; break;
                case "rcvbuf" when value is not null:
                    if (!NginxSize.TryParse(value, out var rcv)) return Parsed<ListenParameters>.Fail($"invalid rcvbuf \"{arg}\"");
                    listen = listen with { ReceiveBuffer = rcv, Bind = true }; break;
                case "sndbuf" when value is not null:
                    if (!NginxSize.TryParse(value, out var snd)) return Parsed<ListenParameters>.Fail($"invalid sndbuf \"{arg}\"");
                    listen = listen with { SendBuffer = snd, Bind = true }; break;
                case "fastopen" when value is not null:
                    if (!NginxNumber.TryParse(value, out var fastOpen)) return Parsed<ListenParameters>.Fail($"invalid fastopen \"{arg}\"");
                    listen = listen with { FastOpen = (int)fastOpen, Bind = true }; break;
                case "so_keepalive" when value is not null:
                    if (!ValidKeepalive(value)) return Parsed<ListenParameters>.Fail($"invalid so_keepalive value: \"{value}\"");
                    listen = listen with { SoKeepalive = value, Bind = true }; break;
                case "setfib" or "accept_filter" when value is not null: listen = listen with { Bind = true }; break;
                default: return Parsed<ListenParameters>.Fail($"invalid parameter \"{arg}\"");
            }
        }
        return Parsed<ListenParameters>.Success(listen);
    }

    private static (string Key, string? Value) Split(string arg)
    {
        var eq = arg.IndexOf('=');
        return eq < 0 ? (arg, null) : (arg[..eq], arg[(eq + 1)..]);
    }

    /// <summary><c>on</c>, <c>off</c>, or <c>[keepidle]:[keepintvl]:[keepcnt]</c> with times and a count.</summary>
    private static bool ValidKeepalive(string value)
    {
        if (value is "on" or "off") return true;
        var parts = value.Split(':');
        if (parts.Length != 3 || parts.All(p => p.Length == 0)) return false;
        return parts[0].Length == 0 || NginxTime.TryParseSeconds(parts[0], out _)
            ? (parts[1].Length == 0 || NginxTime.TryParseSeconds(parts[1], out _)) && (parts[2].Length == 0 || NginxNumber.TryParse(parts[2], out _))
            : false;
    }
}
