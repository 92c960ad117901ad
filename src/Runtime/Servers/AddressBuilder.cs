using System.Net;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Model;

namespace ProxyServer.Runtime.Servers;

/// <summary>
/// Groups servers by listen address (ngx_http_add_listen / ngx_http_optimize_servers): each
/// address gets its default server (the one marked <c>default_server</c>, else the first) and a
/// name table; sockets are bound per port, where a wildcard address absorbs the specific ones.
/// </summary>
public static class AddressBuilder
{
    public static (IReadOnlyList<AddressConfig> Addresses, IReadOnlyList<ListenAddress> Sockets) Build(IReadOnlyList<CompiledServer> servers, CompileContext context)
    {
        // Keyed by the address as nginx prints it: one key per IP endpoint and per unix socket path.
        var order = new List<string>();
        var byEndPoint = new Dictionary<string, List<(CompiledServer Server, ListenAddress Listen)>>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            foreach (var listen in server.Listens)
            {
                if (!byEndPoint.TryGetValue(listen.Text, out var list))
                {
                    byEndPoint[listen.Text] = list = [];
                    order.Add(listen.Text);
                }
                if (list.Any(entry => ReferenceEquals(entry.Server, server)))
                {
                    context.Error($"a duplicate listen {listen.Text}", server.Server.Position);
                    continue;
                }
                list.Add((server, listen));
            }
        }

        var addresses = new List<AddressConfig>();
        var sockets = new List<ListenAddress>();
        foreach (var key in order)
        {
            var entries = byEndPoint[key];
            var endPoint = entries[0].Listen.EndPoint;
            var defaults = entries.Where(e => e.Listen.DefaultServer).ToList();
            if (defaults.Count > 1)
                context.Error($"a duplicate default server for {defaults[1].Listen.Text}", defaults[1].Server.Server.Position);
            var defaultServer = (defaults.Count > 0 ? defaults[0] : entries[0]).Server.Server;
            addresses.Add(new AddressConfig
            {
                EndPoint = endPoint,
                DefaultServer = defaultServer,
                Names = BuildNames(entries.Select(e => e.Server).ToList(), endPoint, context),
                Servers = entries.Select(e => e.Server.Server).ToList(),
                Ssl = entries.Any(e => e.Listen.Ssl),
            });
            sockets.Add(Merge(entries.Select(e => e.Listen)));
        }
        return (addresses, SocketsToBind(sockets));
    }

    /// <summary>One socket per port and family when a wildcard is present; every specific address and unix socket otherwise.</summary>
    private static IReadOnlyList<ListenAddress> SocketsToBind(List<ListenAddress> all)
    {
        var wildcards = all.Where(a => a.IsWildcard).ToList();
        return all.Where(a => a.IsWildcard || !wildcards.Any(w => Covers(w, a))).ToList();
    }

    private static bool Covers(ListenAddress wildcard, ListenAddress specific) =>
        wildcard.EndPoint is IPEndPoint any && specific.EndPoint is IPEndPoint ip && any.Port == ip.Port
        && (any.AddressFamily == ip.AddressFamily || (!wildcard.Ipv6Only && any.Address.Equals(IPAddress.IPv6Any)));

    /// <summary>Options of several <c>listen</c>s on one address combine: any of them may set them.</summary>
    private static ListenAddress Merge(IEnumerable<ListenAddress> listens)
    {
        var all = listens.ToList();
        return all[0] with
        {
            DefaultServer = all.Any(l => l.DefaultServer),
            Backlog = all.Select(l => l.Backlog).FirstOrDefault(b => b is not null),
            Ipv6Only = all.All(l => l.Ipv6Only),
            Ssl = all.Any(l => l.Ssl),
            Http2 = all.Any(l => l.Http2),
            ReusePort = all.Any(l => l.ReusePort),
            ProxyProtocol = all.Any(l => l.ProxyProtocol),
        };
    }

    private static ServerNameTable BuildNames(IReadOnlyList<CompiledServer> servers, EndPoint endPoint, CompileContext context)
    {
        var table = new ServerNameTable();
        var where = ListenAddress.Format(endPoint);
        foreach (var server in servers)
        {
            foreach (var name in server.Names)
            {
                if (name.Regex is not null)
                {
                    table.AddRegex(name.Regex, server.Server);
                    continue;
                }
                var text = name.Text;
                bool added;
                if (text.StartsWith("*.", StringComparison.Ordinal)) added = table.AddLeading(text[2..], server.Server);
                else if (text.StartsWith('.') && text.Length > 1) added = table.AddExact(text[1..], server.Server) & table.AddLeading(text[1..], server.Server);
                else if (text.EndsWith(".*", StringComparison.Ordinal)) added = table.AddTrailing(text[..^2], server.Server);
                else if (text.Contains('*'))
                {
                    context.Error($"invalid server name or wildcard \"{text}\" on {where}", name.Position);
                    continue;
                }
                else added = table.AddExact(text, server.Server);
                if (!added)
                    context.Warning($"conflicting server name \"{text}\" on {where}, ignored", name.Position);
            }
        }
        return table;
    }
}
