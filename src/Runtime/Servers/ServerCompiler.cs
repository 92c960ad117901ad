using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Model;
using ProxyServer.Runtime.Variables;
using System.Net;

namespace ProxyServer.Runtime.Servers;

/// <summary>A compiled server with what address building needs: its listens and its names as written.</summary>
public sealed record CompiledServer(VirtualServer Server, IReadOnlyList<ListenAddress> Listens, IReadOnlyList<ServerName> Names);

/// <summary>One <c>server_name</c> entry, lower-cased (regexes kept as written).</summary>
public sealed record ServerName(string Text, NginxRegex? Regex, SourcePosition Position);

/// <summary>Compiles each <c>server {}</c> of http: listens, names and the location compiler's output.</summary>
public sealed class ServerCompiler(CompileContext context)
{
    public IReadOnlyList<CompiledServer> CompileAll(DirectiveScope http)
    {
        var result = new List<CompiledServer>();
        foreach (var directive in http.Statements.Where(d => d.Name == "server" && d.Block is not null))
        {
            var scope = new DirectiveScope(ScopeKind.Server, directive.Block!, http, directive);
            result.Add(Compile(scope, directive));
        }
        return result;
    }

    private CompiledServer Compile(DirectiveScope scope, ConfigDirective directive)
    {
        var listens = scope.Own("listen").SelectMany(l => ListenParser.Parse(l, context)).ToList();
        if (!scope.Own("listen").Any())
            listens.Add(new ListenAddress(new IPEndPoint(IPAddress.Any, Environment.UserName == "root" ? 80 : 8000), false, true, null, false, false, false));

        var names = new List<ServerName>();
        foreach (var nameDirective in scope.Own("server_name"))
            foreach (var arg in nameDirective.Args)
                if (CompileName(arg.Value, nameDirective.Position) is { } name) names.Add(name);

        var named = new Dictionary<string, LocationConfig>(StringComparer.Ordinal);
        var root = new LocationCompiler(context).CompileServer(scope, named);
        var server = new VirtualServer
        {
            Names = names.Select(n => n.Regex is null ? n.Text : n.Text).ToList(),
            Root = root,
            NamedLocations = named,
            Position = directive.Position,
        };
        return new CompiledServer(server, listens, names);
    }

    private ServerName? CompileName(string text, SourcePosition at)
    {
        if (text == "$hostname") return new ServerName(context.Options.HostName, null, at);
        if (text.StartsWith('~'))
        {
            // nginx's rule: caseless only when the pattern has a capital (hosts are lower-cased already).
            var regex = NginxRegex.Compile(text[1..], caseless: text.Any(char.IsAsciiLetterUpper), context, at);
            return regex is null ? null : new ServerName(text, regex, at);
        }
        // nginx takes it as a literal name (that no Host matches); only check's warning says so.
        if (text.Contains('$')) context.Warning($"server name \"{text}\" has suspicious symbols", at);
        return new ServerName(ByteString.FromConfig(text).ToLowerInvariant(), null, at);
    }
}
