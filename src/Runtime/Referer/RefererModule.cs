using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Referer;

/// <summary>
/// ngx_http_referer_module: <c>valid_referers</c> (server, location) and <c>$invalid_referer</c>. A level with
/// any <c>valid_referers</c> replaces what it would inherit (its statements add up); <c>server_names</c> adds
/// the enclosing server's names when the level is merged, so names written below the directive count too.
/// The variable exists only when some <c>valid_referers</c> is written, as nginx adds it.
/// </summary>
public sealed class RefererModule : IHttpModule
{
    public string Name => "ngx_http_referer_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context) =>
        variables.Register("invalid_referer", r => r.Location.Features.Get<RefererSettings>()?.Evaluate(r) ?? "");

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        // ngx_http_referer_merge_conf, level by level from the top: a level with valid_referers has its own
        // names and flags, but keeps the regexes (and the server's regex names) it would inherit unless it lists some.
        var levels = new List<DirectiveScope>();
        for (var level = location.Scope; level is not null; level = level.Parent) levels.Add(level);
        var compiled = context.Features.GetOrAdd(() => new CompiledReferers());
        RefererSettings? settings = null;
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            var statements = levels[i].Own(RefererDirectives.ValidReferers).ToList();
            if (statements.Count == 0) continue;
            if (!compiled.ByFirst.TryGetValue(statements[0], out var own))
            {
                own = Compile(statements, levels[i], context);
                if (settings is not null) own.InheritRegexes(settings);
                compiled.ByFirst.Add(statements[0], own);
            }
            settings = own;
        }
        if (settings is not null) location.Features.Set(settings);
    }

    /// <summary>ngx_http_valid_referers for each statement, then ngx_http_referer_merge_conf's server names and check.</summary>
    private static RefererSettings Compile(IReadOnlyList<ConfigDirective> statements, DirectiveScope scope, CompileContext context)
    {
        var settings = new RefererSettings();
        var serverNames = false;
        foreach (var statement in statements)
        {
            foreach (var arg in statement.Args)
            {
                var value = arg.Value;
                switch (value)
                {
                    case "":
                        context.Error($"invalid referer \"{value}\"", statement.Position);
                        continue;
                    case "none":
                        settings.None = true;
                        continue;
                    case "blocked":
                        settings.Blocked = true;
                        continue;
                    case "server_names":
                        serverNames = true;
                        continue;
                }
                if (value[0] == '~')
                {
                    if (value.Length == 1)
                    {
                        context.Error($"empty regex in \"{value}\"", statement.Position);
                        continue;
                    }
                    if (NginxRegex.Compile(value[1..], caseless: true, context, statement.Position) is { } regex) settings.Regexes.Add(regex);
                    continue;
                }
                var slash = value.IndexOf('/');
                var name = slash < 0 ? value : value[..slash];
                var uri = slash < 0 ? null : ByteString.FromConfig(value[slash..]);
                if (settings.Add(name, uri) is { } error) context.Error(error, statement.Position);
            }
        }
        if (serverNames && scope.Enclosing(ScopeKind.Server) is { } server)
        {
            var names = server.Own(HttpCoreDirectives.ServerName).SelectMany(d => d.Args).Select(a => a.Value).ToList();
            // A server without server_name is named "" (ngx_http_core_merge_srv_conf).
            if (names.Count == 0) names.Add("");
            foreach (var name in names)
            {
                if (name.StartsWith('~'))
                {
                    // The server's own regex, caseless only when it has a capital (ngx_http_core_server_name).
                    if (NginxRegex.Compile(name[1..], caseless: name.Any(char.IsAsciiLetterUpper), context, statements[0].Position) is { } regex)
                        settings.ServerNameRegexes.Add(regex);
                    continue;
                }
                if (settings.Add(name, null) is { } error) context.Error(error, statements[0].Position);
            }
        }
        if ((settings.None || settings.Blocked) && !settings.HasNames)
            // ngx_log_error, not ngx_conf_log_error: nginx names no file or line.
            context.Error("the \"none\" or \"blocked\" referers are specified in the \"valid_referers\" directive without any valid referer",
                new SourcePosition(statements[0].Position.File, 0, 0));
        return settings;
    }

    /// <summary>The settings compiled so far in this compile, by the first statement of their level.</summary>
    private sealed class CompiledReferers
    {
        public Dictionary<ConfigDirective, RefererSettings> ByFirst { get; } = new(ReferenceEqualityComparer.Instance);
    }
}
