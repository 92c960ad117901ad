using System.Globalization;
using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;
using ProxyServer.NginxConf.Directives.Modules;

namespace ProxyServer.Runtime.Locations;

/// <summary>
/// Compiles a server level and its <c>location</c> blocks (nested, named, <c>if</c>) into
/// <see cref="LocationConfig"/>s: modifiers and nginx's placement rules, core settings with
/// inheritance, then every module's contribution.
/// </summary>
public sealed class LocationCompiler(CompileContext context)
{
    /// <summary>Compiles the server's own level; named locations land in <paramref name="named"/>.</summary>
    public LocationConfig CompileServer(DirectiveScope serverScope, Dictionary<string, LocationConfig> named) =>
        Compile(serverScope, LocationKind.Server, "", null, serverScope.Owner?.Position ?? default, parent: null, named);

    private LocationConfig Compile(DirectiveScope scope, LocationKind kind, string name, NginxRegex? regex, SourcePosition position,
        LocationConfig? parent, Dictionary<string, LocationConfig> named)
    {
        var exact = new List<LocationConfig>();
        var prefixes = new List<LocationConfig>();
        var regexes = new List<LocationConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var directive in scope.Own(HttpCoreDirectives.Location).Where(d => d.Block is not null))
        {
            if (ParseName(directive) is not { } parsed) continue;
            if (!CheckPlacement(directive, parsed.Kind, parsed.Name, kind, name)) continue;
            if (!seen.Add(KindKey(parsed.Kind) + parsed.Name))
            {
                context.Error($"duplicate location \"{directive.Args[^1].Value}\"", directive.Position);
                continue;
            }
            NginxRegex? childRegex = null;
            if (parsed.Kind is LocationKind.Regex or LocationKind.RegexCaseless)
            {
                childRegex = NginxRegex.Compile(parsed.Name, parsed.Kind == LocationKind.RegexCaseless, context, directive.Position);
                if (childRegex is null) continue;
            }
            var childScope = new DirectiveScope(ScopeKind.Location, directive.Block!, scope, directive);
            var child = Compile(childScope, parsed.Kind, ByteString.FromConfig(parsed.Name), childRegex, directive.Position, null, named);
            switch (parsed.Kind)
            {
                case LocationKind.Exact: exact.Add(child); break;
                case LocationKind.Prefix or LocationKind.PrefixNoRegex: prefixes.Add(child); break;
                case LocationKind.Regex or LocationKind.RegexCaseless: regexes.Add(child); break;
                case LocationKind.Named: named.TryAdd(child.Name, child); break;
            }
        }

        var builder = new LocationBuilder(scope, kind, name, regex, position, CompileIf);
        return Build(builder, new LocationTree(exact, prefixes, regexes));
    }

    private LocationConfig Build(LocationBuilder builder, LocationTree children)
    {
        var core = CoreSettings(builder.Scope, builder.Kind);
        foreach (var module in context.Modules) module.CompileLocation(builder, context);
        var methodLimit = builder.Kind is LocationKind.If or LocationKind.LimitExcept ? null : CompileLimitExcept(builder);
        return new LocationConfig
        {
            Kind = builder.Kind,
            Name = builder.Name,
            Regex = builder.Regex,
            Position = builder.Position,
            Children = children,
            RewriteOps = builder.RewriteOps.ToArray(),
            PreRewriteHandlers = builder.PreRewriteHandlers.ToArray(),
            PreAccessHandlers = builder.PreAccessHandlers.ToArray(),
            AccessHandlers = builder.AccessHandlers.ToArray(),
            Content = builder.Content,
            BodyFilters = HttpModules.BodyFilters.Where(builder.BodyFilters.Contains).ToArray(),
            Core = core,
            Features = builder.Features.Copy(),
            AutoRedirect = builder.AutoRedirect,
            MethodLimit = methodLimit,
        };
    }

    /// <summary>
    /// <c>limit_except</c> (ngx_http_core_limit_except): the block becomes a location config nested
    /// in this one, with this one's name, that serves every method the directive does not list.
    /// </summary>
    private MethodLimit? CompileLimitExcept(LocationBuilder enclosing)
    {
        if (enclosing.Scope.OwnFirst(HttpCoreDirectives.LimitExcept) is not { Block: not null } directive) return null;
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in directive.Args)
        {
            var method = arg.Value.ToUpperInvariant();
            if (MethodLimit.KnownMethods.Contains(method)) allowed.Add(method);
        }
        if (allowed.Contains("GET")) allowed.Add("HEAD");
        var scope = new DirectiveScope(ScopeKind.LimitExcept, directive.Block, enclosing.Scope, directive);
        var builder = new LocationBuilder(scope, LocationKind.LimitExcept, enclosing.Name, enclosing.Regex, directive.Position, CompileIf)
        {
            Enclosing = enclosing,
        };
        return new MethodLimit(allowed, Build(builder, LocationTree.Empty));
    }

    private LocationConfig CompileIf(ConfigDirective ifDirective, LocationBuilder enclosing)
    {
        var scope = new DirectiveScope(ScopeKind.If, ifDirective.Block ?? [], enclosing.Scope, ifDirective);
        foreach (var nested in scope.Own(HttpCoreDirectives.Location))
            context.Error("\"location\" directive is not allowed here", nested.Position);
        var builder = new LocationBuilder(scope, LocationKind.If, enclosing.Name, enclosing.Regex, ifDirective.Position, CompileIf) { Enclosing = enclosing };
        return Build(builder, LocationTree.Empty);
    }

    private CoreLocationSettings CoreSettings(DirectiveScope scope, LocationKind kind)
    {
        return new CoreLocationSettings
        {
            ClientMaxBodySize = scope.Get(HttpCoreDirectives.ClientMaxBodySize, context),
            ClientBodyBufferSize = scope.Get(HttpCoreDirectives.ClientBodyBufferSize, context),
            ClientBodyInFileOnly = scope.Get(HttpCoreDirectives.ClientBodyInFileOnly, context) switch
            {
                "on" => Http.ClientBodyInFileOnly.On,
                "clean" => Http.ClientBodyInFileOnly.Clean,
                _ => Http.ClientBodyInFileOnly.Off,
            },
            ClientBodyTempPath = scope.Nearest(HttpCoreDirectives.ClientBodyTempPath) is { } temp
                ? new Http.ClientBodyTempPath(context.ResolvePath(temp.Args[0].Value.TrimEnd('/')),
                    [.. temp.Args.Skip(1).Select(a => int.TryParse(a.Value, out var level) ? level : 0)])
                : new Http.ClientBodyTempPath(context.ResolvePath("client_body_temp"), []),
            ErrorPages = ErrorPages(scope),
            RecursiveErrorPages = scope.Get(HttpCoreDirectives.RecursiveErrorPages, context),
            DefaultType = scope.Get(HttpCoreDirectives.DefaultType, context),
            ServerTokens = ServerTokens(scope),
            AbsoluteRedirect = scope.Get(HttpCoreDirectives.AbsoluteRedirect, context),
            PortInRedirect = scope.Get(HttpCoreDirectives.PortInRedirect, context),
            ServerNameInRedirect = scope.Get(HttpCoreDirectives.ServerNameInRedirect, context),
            MsiePadding = scope.Get(HttpCoreDirectives.MsiePadding, context),
            ChunkedTransferEncoding = scope.Get(HttpCoreDirectives.ChunkedTransferEncoding, context),
            MsieRefresh = scope.Get(HttpCoreDirectives.MsieRefresh, context),
            ClientBodyTimeout = scope.Get(HttpCoreDirectives.ClientBodyTimeout, context),
            LogNotFound = scope.Get(HttpCoreDirectives.LogNotFound, context),
            LogSubrequest = scope.Get(HttpCoreDirectives.LogSubrequest, context),
            SubrequestOutputBufferSize = scope.Get(HttpCoreDirectives.SubrequestOutputBufferSize, context),
            Internal = kind is not (LocationKind.If or LocationKind.LimitExcept) ? scope.OwnFirst(HttpCoreDirectives.Internal) is not null : scope.Nearest(HttpCoreDirectives.Internal) is not null,
            Root = context.ResolvePath(scope.Get(HttpCoreDirectives.Root, context)),
            KeepaliveTimeout = scope.Get(HttpCoreDirectives.KeepaliveTimeout, context),
            KeepaliveHeaderSeconds = KeepaliveHeader(scope),
            KeepaliveRequests = scope.Get(HttpCoreDirectives.KeepaliveRequests, context),
            IgnoreInvalidHeaders = scope.Get(HttpCoreDirectives.IgnoreInvalidHeaders, context),
            UnderscoresInHeaders = scope.Get(HttpCoreDirectives.UnderscoresInHeaders, context),
            KeepaliveTime = scope.Get(HttpCoreDirectives.KeepaliveTime, context),
            KeepaliveDisableMsie6 = KeepaliveDisables(scope, "msie6", byDefault: true),
            KeepaliveDisableSafari = KeepaliveDisables(scope, "safari", byDefault: false),
            SatisfyAny = scope.Get(HttpCoreDirectives.Satisfy, context) == "any",
            AuthDelay = scope.Get(HttpCoreDirectives.AuthDelay, context),
            LimitRate = SizeValue(scope, HttpCoreDirectives.LimitRate),
            LimitRateAfter = SizeValue(scope, HttpCoreDirectives.LimitRateAfter),
            SendTimeout = scope.Get(HttpCoreDirectives.SendTimeout, context),
        };
    }

    /// <summary>A size with variables (ngx_http_set_complex_value_size_slot); null for nginx's 0.</summary>
    private ComplexValue? SizeValue(DirectiveScope scope, DirectiveKey<string> key)
    {
        if (scope.Nearest(key) is not { Args.Count: 1 } directive || directive.Args[0].Value == "0") return null;
        return ComplexValue.Compile(directive.Args[0].Value, context, directive.Position);
    }

    /// <summary><c>keepalive_timeout TIMEOUT HEADER_TIMEOUT</c>: the second value, in seconds (ngx_http_core_keepalive).</summary>
    private static long? KeepaliveHeader(DirectiveScope scope) =>
        scope.Nearest(HttpCoreDirectives.KeepaliveTimeout) is { Args.Count: 2 } directive
        && NginxConf.Directives.Values.NginxTime.TryParseSeconds(directive.Args[1].Value, out var header)
            ? (long)header.TotalSeconds
            : null;

    /// <summary>Whether <c>keepalive_disable</c> (nearest level; <c>none</c> clears it) names <paramref name="browser"/>.</summary>
    private static bool KeepaliveDisables(DirectiveScope scope, string browser, bool byDefault) =>
        scope.Nearest(HttpCoreDirectives.KeepaliveDisable) is { } directive
            ? directive.Args.Any(a => a.Value == browser)
            : byDefault;

    private bool ServerTokens(DirectiveScope scope)
    {
        if (scope.Nearest(HttpCoreDirectives.ServerTokens) is not { Args.Count: > 0 } directive) return true;
        return directive.Args[0].Value.ToLowerInvariant() switch
        {
            "off" => false,
            "on" or "build" => true,
            var other => Invalid(other),
        };

        bool Invalid(string value)
        {
            context.Error($"invalid value \"{value}\" in \"server_tokens\" directive, it must be \"on\", \"off\" or \"build\"", directive.Position);
            return true;
        }
    }

    /// <summary><c>error_page code ... [=[response]] uri</c>, nearest level that has any.</summary>
    private IReadOnlyDictionary<int, ErrorPage> ErrorPages(DirectiveScope scope)
    {
        var pages = new Dictionary<int, ErrorPage>();
        foreach (var directive in scope.NearestAll(HttpCoreDirectives.ErrorPage))
        {
            if (directive.Args.Count < 2) continue;
            var target = directive.Args[^1].Value;
            var value = ComplexValue.Compile(target, context, directive.Position);
            int? overwrite = -1;
            var codes = new List<int>();
            foreach (var arg in directive.Args.Take(directive.Args.Count - 1))
            {
                var text = arg.Value;
                if (text.StartsWith('='))
                {
                    if (text.Length == 1) { overwrite = null; continue; }
                    if (!int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 0)
                    {
                        context.Error($"invalid value \"{text}\"", directive.Position);
                        return pages;
                    }
                    overwrite = code;
                    continue;
                }
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                {
                    context.Error($"invalid value \"{text}\"", directive.Position);
                    continue;
                }
                if (status is < 300 or > 599 || status == 499)
                {
                    context.Error($"value \"{text}\" must be between 300 and 599", directive.Position);
                    continue;
                }
                codes.Add(status);
            }
            var isUriOrNamed = target.StartsWith('/') || target.StartsWith('@') || !value.IsLiteral;
            foreach (var code in codes)
            {
                var effective = overwrite == -1 ? code : overwrite;
                if (!isUriOrNamed && effective is not (301 or 302 or 303 or 307 or 308)) effective = 302;
                pages.TryAdd(code, new ErrorPage(code, effective, value));
            }
        }
        return pages;
    }

    private readonly record struct ParsedName(LocationKind Kind, string Name);

    private ParsedName? ParseName(ConfigDirective directive)
    {
        var args = directive.Args;
        if (args.Count == 2)
        {
            var kind = args[0].Value switch
            {
                "=" => LocationKind.Exact,
                "~" => LocationKind.Regex,
                "~*" => LocationKind.RegexCaseless,
                "^~" => LocationKind.PrefixNoRegex,
                _ => (LocationKind?)null,
            };
            if (kind is null)
            {
                context.Error($"invalid location modifier \"{args[0].Value}\"", directive.Position);
                return null;
            }
            return new ParsedName(kind.Value, args[1].Value);
        }
        if (args.Count != 1)
        {
            context.Error("invalid number of arguments in \"location\" directive", directive.Position);
            return null;
        }
        var text = args[0].Value;
        if (text.StartsWith('=') && text.Length > 1) return new ParsedName(LocationKind.Exact, text[1..]);
        if (text.StartsWith("^~", StringComparison.Ordinal) && text.Length > 2) return new ParsedName(LocationKind.PrefixNoRegex, text[2..]);
        if (text.StartsWith("~*", StringComparison.Ordinal) && text.Length > 2) return new ParsedName(LocationKind.RegexCaseless, text[2..]);
        if (text.StartsWith('~') && text.Length > 1) return new ParsedName(LocationKind.Regex, text[1..]);
        if (text.StartsWith('@')) return new ParsedName(LocationKind.Named, text);
        return new ParsedName(LocationKind.Prefix, text);
    }

    /// <summary>nginx's rules for what may nest where (ngx_http_core_location).</summary>
    private bool CheckPlacement(ConfigDirective directive, LocationKind kind, string name, LocationKind parentKind, string parentName)
    {
        if (parentKind == LocationKind.Server) return true;
        if (parentKind == LocationKind.Exact)
        {
            context.Error($"location \"{name}\" cannot be inside the exact location \"{parentName}\"", directive.Position);
            return false;
        }
        if (parentKind == LocationKind.Named)
        {
            context.Error($"location \"{name}\" cannot be inside the named location \"{parentName}\"", directive.Position);
            return false;
        }
        if (kind == LocationKind.Named)
        {
            context.Error($"named location \"{name}\" can be on the server level only", directive.Position);
            return false;
        }
        if (parentKind is LocationKind.Prefix or LocationKind.PrefixNoRegex && kind is LocationKind.Exact or LocationKind.Prefix or LocationKind.PrefixNoRegex
            && !name.StartsWith(parentName, StringComparison.Ordinal))
        {
            context.Error($"location \"{name}\" is outside location \"{parentName}\"", directive.Position);
            return false;
        }
        return true;
    }

    private static string KindKey(LocationKind kind) => kind switch
    {
        LocationKind.Exact => "=",
        LocationKind.Regex or LocationKind.RegexCaseless => "~",
        LocationKind.Named => "@",
        _ => "",
    };
}
