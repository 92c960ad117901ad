using System.Net;
using System.Net.Sockets;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Geo;

/// <summary>
/// ngx_http_geo_module: <c>geo [$address] $variable { ... }</c> at http level. The variable is declared when
/// http compiles; the body (networks or <c>ranges</c>, <c>default</c>, <c>delete</c>, <c>include</c>,
/// <c>proxy</c>, <c>proxy_recursive</c>) compiles once every variable name is known, as nginx reads it
/// (ngx_http_geo_block and ngx_http_geo), with its errors and warnings. The value is cached per request.
/// </summary>
public sealed class GeoModule : IHttpModule
{
    public string Name => "ngx_http_geo_module";

    public void CompileHttp(DirectiveScope http, CompileContext context) =>
        VariableBlocks<GeoLookup>.Declare(http, GeoDirectives.Geo, context, () => new GeoLookup(), lookup =>
        {
            var cache = context.Variables.AllocateSlot();
            return request => request.Slots[cache] ??= lookup.Evaluate(request);
        });

    public void CompleteHttp(CompileContext context)
    {
        foreach (var (directive, lookup) in VariableBlocks<GeoLookup>.Declared(context))
        {
            if (directive.Args.Count == 2)
            {
                var source = directive.Args[0].Value;
                if (source.Length < 2 || source[0] != '$')
                    context.Error($"invalid variable name \"{source}\"", directive.Position);
                else if (context.Variables.Resolve(source[1..]) is { } getter) lookup.Source = getter;
                else context.Error($"unknown \"{source[1..]}\" variable", directive.Position);
            }
            Compile(directive, lookup, context);
        }
    }

    /// <summary>ngx_http_geo for each entry of the block, includes expanded in place.</summary>
    private static void Compile(ConfigDirective directive, GeoLookup lookup, CompileContext context)
    {
        GeoRangeTable? ranges = null;
        GeoCidrTable? cidrs = null;
        var proxies = new List<NginxCidr>();
        var recursive = false;
        string? rangeDefault = null;
        foreach (var entry in ConfigTree.Expand(directive.Block!))
        {
            var at = entry.Position;
            if (entry.Args.Count == 0 && entry.Name == "ranges")
            {
                if (cidrs is not null)
                {
                    context.Error("the \"ranges\" directive must be the first directive inside \"geo\" block", at);
                    return;
                }
                ranges ??= new GeoRangeTable();
                continue;
            }
            if (entry.Args.Count == 0 && entry.Name == "proxy_recursive")
            {
                recursive = true;
                continue;
            }
            if (entry.Args.Count != 1) return; // "invalid number of the geo parameters", reported by the table
            var value = entry.Args[0].Value;
            if (entry.Name == "proxy")
            {
                if (Network(value, at, context) is not { } proxy) return;
                proxies.Add(proxy);
                continue;
            }
            if (ranges is not null)
            {
                if (entry.Name == "default")
                {
                    if (rangeDefault is not null)
                        context.Warning($"duplicate default geo range value: \"{value}\", old value: \"{rangeDefault}\"", at);
                    ranges.Default = rangeDefault = value;
                    continue;
                }
                var delete = entry.Name == "delete";
                var net = delete ? value : entry.Name;
                if (Range(net) is not { } range)
                {
                    context.Error($"invalid range \"{net}\"", at);
                    return;
                }
                if (delete)
                {
                    if (ranges.Delete(range.Start, range.End)) context.Warning($"no address range \"{net}\" to delete", at);
                    continue;
                }
                if (ranges.Add(net, range.Start, range.End, value, warning => context.Warning(warning, at)) is { } overlap)
                {
                    context.Error(overlap, at);
                    return;
                }
                continue;
            }

            cidrs ??= new GeoCidrTable();
            if (entry.Name == "default")
            {
                AddNetwork(cidrs, AddressFamily.InterNetwork, new byte[4], 0, value, "default", at, context);
                AddNetwork(cidrs, AddressFamily.InterNetworkV6, new byte[16], 0, value, "default", at, context);
                continue;
            }
            var deleting = entry.Name == "delete";
            var text = deleting ? value : entry.Name;
            if (Network(text, at, context) is not { } network) return;
            var bits = Bits(network.Mask);
            if (deleting)
            {
                if (!cidrs.Delete(network.Family, network.Address, bits)) context.Warning($"no network \"{text}\" to delete", at);
                continue;
            }
            AddNetwork(cidrs, network.Family, network.Address, bits, value, text, at, context);
        }

        lookup.Proxies = proxies.Count > 0 ? new TrustedProxies(proxies, false) : null;
        lookup.ProxyRecursive = recursive;
        if (ranges is not null)
        {
            lookup.Ranges = ranges;
        }
        else
        {
            cidrs ??= new GeoCidrTable();
            cidrs.Complete();
            lookup.Networks = cidrs;
        }
    }

    /// <summary>ngx_http_geo_cidr_add: a network already listed gets the new value, with nginx's warning.</summary>
    private static void AddNetwork(GeoCidrTable table, AddressFamily family, byte[] address, int bits, string value, string net, SourcePosition at, CompileContext context)
    {
        if (table.Add(family, address, bits, value)) return;
        context.Warning($"duplicate network \"{net}\", value: \"{value}\", old value: \"{table.Find(family, address, bits)}\"", at);
        table.Replace(family, address, bits, value);
    }

    /// <summary>ngx_http_geo_cidr_value: <c>255.255.255.255</c> (which ngx_ptocidr refuses) or a CIDR block.</summary>
    private static NginxCidr? Network(string text, SourcePosition at, CompileContext context)
    {
        if (text == "255.255.255.255") return new NginxCidr(AddressFamily.InterNetwork, [255, 255, 255, 255], [255, 255, 255, 255], false);
        var parsed = NginxCidr.Parse(text);
        if (!parsed.Ok)
        {
            context.Error($"invalid network \"{text}\"", at);
            return null;
        }
        if (parsed.Value!.LowBitsSet) context.Warning($"low address bits of {text} are meaningless", at);
        return parsed.Value;
    }

    private static int Bits(byte[] mask)
    {
        var bits = 0;
        foreach (var b in mask) bits += System.Numerics.BitOperations.PopCount(b);
        return bits;
    }

    /// <summary>ngx_http_geo_range's <c>A-B</c>: two IPv4 addresses (ngx_inet_addr), the first not above the second.</summary>
    private static (uint Start, uint End)? Range(string net)
    {
        var dash = net.IndexOf('-');
        if (dash < 0) return null;
        if (Inet(net[..dash]) is not { } start || Inet(net[(dash + 1)..]) is not { } end || start > end) return null;
        return (start, end);
    }

    private static uint? Inet(string text) =>
        !text.Contains(':') && NginxCidr.ParseAddress(text) is { AddressFamily: AddressFamily.InterNetwork } address
            ? GeoCidrTable.Inet(address.GetAddressBytes())
            : null;
}

/// <summary>One <c>geo</c> variable: where the address comes from and the table it is looked up in.</summary>
public sealed class GeoLookup
{
    /// <summary>The <c>$address</c> variable of <c>geo $address $var</c>; null for the client address.</summary>
    public VariableGetter? Source { get; set; }

    public TrustedProxies? Proxies { get; set; }
    public bool ProxyRecursive { get; set; }
    public GeoCidrTable? Networks { get; set; }
    public GeoRangeTable? Ranges { get; set; }

    /// <summary>
    /// ngx_http_geo_addr: the client (or the source variable's address, ngx_parse_addr), then X-Forwarded-For
    /// through the <c>proxy</c> addresses; an address that is not found or does not parse is looked up as
    /// 255.255.255.255.
    /// </summary>
    public string Evaluate(NginxRequest request)
    {
        var address = Address(request);
        if (Ranges is not null) return Ranges.Lookup(address);
        return Networks?.Lookup(address) ?? "";
    }

    private IPAddress? Address(NginxRequest request)
    {
        ClientAddress client;
        if (Source is null)
        {
            client = request.Client;
        }
        else
        {
            if (Source(request) is not { } text || ForwardedAddress.ParseAddress(text) is not { } parsed) return null;
            client = ClientAddress.Of(parsed, 0);
        }
        if (Proxies is not null)
        {
            var forwarded = request.Http.Request.Headers["X-Forwarded-For"];
            if (forwarded.Count > 0)
            {
                ForwardedAddress.Find(client, forwarded!, Proxies, ProxyRecursive, out var found);
                client = found;
            }
        }
        // A unix-socket client has no address: nginx's AF_UNIX sockaddr is looked up as AF_INET garbage; we take "none".
        return client.Ip;
    }
}
