using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Upstream.Retry;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// The directives one upstream module caches with (<c>proxy_cache*</c>, <c>fastcgi_cache*</c>, <c>scgi_cache*</c>,
/// <c>uwsgi_cache*</c>). Only proxy has <c>_convert_head</c>, <c>_purge</c> and a default key; without their
/// <c>*_cache_key</c> the others key every request the same (nginx's unset complex value is empty).
/// </summary>
public sealed record CacheDirectiveKeys(
    DirectiveKey Path, DirectiveKey Cache, DirectiveKey Key, DirectiveKey Valid, DirectiveKey Methods, DirectiveKey<long> MinUses,
    DirectiveKey Bypass, DirectiveKey NoCache, DirectiveKey UseStale, DirectiveKey<bool> Lock, DirectiveKey<TimeSpan> LockTimeout,
    DirectiveKey<TimeSpan> LockAge, DirectiveKey<bool> Revalidate, DirectiveKey<bool>? ConvertHead, DirectiveKey<long> MaxRangeOffset,
    DirectiveKey IgnoreHeaders, DirectiveKey? Purge, string DefaultKey, DirectiveKey<bool>? BackgroundUpdate = null)
{
    /// <summary>The keys of a module declared with <see cref="UpstreamCacheKeys"/> (fastcgi, scgi, uwsgi).</summary>
    public static CacheDirectiveKeys Of(NginxConf.Directives.Modules.UpstreamCacheKeys keys) => new(keys.CachePath, keys.Cache, keys.CacheKey, keys.CacheValid,
        keys.CacheMethods, keys.CacheMinUses, keys.CacheBypass, keys.NoCache, keys.CacheUseStale, keys.CacheLock, keys.CacheLockTimeout,
        keys.CacheLockAge, keys.CacheRevalidate, null, keys.CacheMaxRangeOffset, keys.IgnoreHeaders, null, "");
}

/// <summary><c>proxy_ignore_headers</c>: upstream headers whose effect on caching is not taken.</summary>
[Flags]
public enum IgnoredHeaders
{
    None = 0,
    XAccelExpires = 1,
    Expires = 2,
    CacheControl = 4,
    SetCookie = 8,
    Vary = 16,
}

/// <summary>One <c>proxy_cache_valid</c> item: a status (0: <c>any</c>) and how long its responses stay valid.</summary>
public readonly record struct CacheValidity(int Status, long Seconds);

/// <summary>
/// A location's caching, inheritance applied (ngx_http_proxy_merge_loc_conf's cache part): the zone (or a
/// variable naming it), the key, <c>proxy_cache_valid</c>, methods, min_uses, bypass and no_cache
/// predicates, use_stale conditions, the lock, revalidation, HEAD conversion, the largest range offset a
/// miss still caches, and the ignored upstream headers.
/// </summary>
public sealed record CachePolicy
{
    public CachePathSpec? Zone { get; init; }
    /// <summary><c>proxy_cache $var</c>: evaluated per request, empty or <c>off</c> for none.</summary>
    public ComplexValue? ZoneName { get; init; }
    public required IReadOnlyDictionary<string, CachePathSpec> Zones { get; init; }
    public required ComplexValue Key { get; init; }
    public IReadOnlyList<CacheValidity> Valid { get; init; } = [];
    public IReadOnlySet<string> Methods { get; init; } = new HashSet<string> { "GET", "HEAD" };
    public required CacheLookupRules Lookup { get; init; }
    public IReadOnlyList<ComplexValue> Bypass { get; init; } = [];
    public IReadOnlyList<ComplexValue> NoCache { get; init; } = [];
    /// <summary><c>proxy_cache_purge</c> (ours, as NGINX Plus's): when one is set the request removes entries instead.</summary>
    public IReadOnlyList<ComplexValue> Purge { get; init; } = [];
    public NextUpstreamConditions UseStale { get; init; }
    public bool Revalidate { get; init; }
    /// <summary><c>proxy_cache_background_update</c>: a stale entry is sent while a background subrequest updates it.</summary>
    public bool BackgroundUpdate { get; init; }
    public bool ConvertHead { get; init; } = true;
    public long MaxRangeOffset { get; init; } = long.MaxValue;
    public IgnoredHeaders Ignore { get; init; }

    /// <summary>ngx_http_file_cache_valid: the first item for the status, or <c>any</c>; 0 when none.</summary>
    public long ValidFor(int status)
    {
        foreach (var item in Valid)
            if (item.Status == 0 || item.Status == status) return item.Seconds;
        return 0;
    }

    /// <summary>ngx_http_test_predicates: true when one value is non-empty and not "0".</summary>
    public static bool AnySet(IReadOnlyList<ComplexValue> predicates, Http.NginxRequest request)
    {
        foreach (var predicate in predicates)
            if (predicate.Evaluate(request) is { Length: > 0 } value && value != "0") return true;
        return false;
    }

    /// <summary>The location's caching, or null when no level sets the cache (or the nearest says <c>off</c>).</summary>
    public static CachePolicy? Compile(DirectiveScope scope, CompileContext context, CacheDirectiveKeys keys)
    {
        if (scope.Nearest(keys.Cache) is not { Args.Count: 1 } cache || cache.Args[0].Value == "off") return null;
        var zones = context.Features.Get<CacheZoneTable>()?.Zones ?? new Dictionary<string, CachePathSpec>();
        var name = cache.Args[0].Value;
        CachePathSpec? zone = null;
        ComplexValue? zoneName = null;
        if (name.Contains('$'))
        {
            zoneName = ComplexValue.Compile(name, context, cache.Position);
        }
        else if (!zones.TryGetValue(name, out zone))
        {
            context.Error($"\"{keys.Cache.Name}\" zone \"{name}\" is unknown", cache.Position);
            return null;
        }
        else if (context.Features.Get<CacheZoneTable>()?.DeclaredBy.GetValueOrDefault(name) is { } declaredBy && declaredBy != keys.Path.Name)
        {
            // ngx_shared_memory_add: the zone's tag is the module whose *_cache_path declared it
            context.Error($"the shared memory zone \"{name}\" is already declared for a different use", cache.Position);
            return null;
        }

        var keyText = scope.Nearest(keys.Key) is { Args.Count: 1 } key ? (key.Args[0].Value, key.Position) : (keys.DefaultKey, cache.Position);
        return new CachePolicy
        {
            Zone = zone,
            ZoneName = zoneName,
            Zones = zones,
            Key = ComplexValue.Compile(keyText.Item1, context, keyText.Item2),
            Valid = CompileValid(scope.NearestAll(keys.Valid), context),
            Methods = CompileMethods(scope.Nearest(keys.Methods)),
            Lookup = new CacheLookupRules(scope.Get(keys.MinUses, context), scope.Get(keys.Lock, context),
                scope.Get(keys.LockTimeout, context), scope.Get(keys.LockAge, context)),
            Bypass = Predicates(scope.NearestAll(keys.Bypass), context),
            NoCache = Predicates(scope.NearestAll(keys.NoCache), context),
            Purge = keys.Purge is null ? [] : Predicates(scope.NearestAll(keys.Purge), context),
            UseStale = CompileUseStale(scope.Nearest(keys.UseStale), keys.UseStale.Name, context),
            Revalidate = scope.Get(keys.Revalidate, context),
            BackgroundUpdate = keys.BackgroundUpdate is not null && scope.Get(keys.BackgroundUpdate, context),
            ConvertHead = keys.ConvertHead is not null && scope.Get(keys.ConvertHead, context),
            MaxRangeOffset = scope.Get(keys.MaxRangeOffset, context),
            Ignore = CompileIgnore(scope.Nearest(keys.IgnoreHeaders)),
        };
    }

    /// <summary>ngx_http_file_cache_valid_set_slot: <c>[code ...|any] time</c>; a time alone is 200, 301 and 302.</summary>
    private static List<CacheValidity> CompileValid(IReadOnlyList<NginxConf.Syntax.ConfigDirective> statements, CompileContext context)
    {
        var valid = new List<CacheValidity>();
        foreach (var statement in statements)
        {
            var args = statement.Args;
            if (args.Count == 0) continue;
            if (!NginxTime.TryParseSeconds(args[^1].Value, out var time))
            {
                context.Error($"invalid time value \"{args[^1].Value}\"", statement.Position);
                continue;
            }
            var seconds = (long)time.TotalSeconds;
            if (args.Count == 1)
            {
                valid.AddRange([new(200, seconds), new(301, seconds), new(302, seconds)]);
                continue;
            }
            for (var i = 0; i < args.Count - 1; i++)
            {
                var text = args[i].Value;
                if (text == "any")
                {
                    valid.Add(new(0, seconds));
                    continue;
                }
                if (!int.TryParse(text, System.Globalization.NumberStyles.None, null, out var status) || status is < 100 or > 599)
                {
                    context.Error($"invalid status \"{text}\"", statement.Position);
                    continue;
                }
                valid.Add(new(status, seconds));
            }
        }
        return valid;
    }

    /// <summary>nginx adds GET and HEAD to whatever is listed.</summary>
    private static HashSet<string> CompileMethods(NginxConf.Syntax.ConfigDirective? statement)
    {
        var methods = new HashSet<string>(StringComparer.Ordinal) { "GET", "HEAD" };
        if (statement is not null) foreach (var arg in statement.Args) methods.Add(arg.Value);
        return methods;
    }

    private static List<ComplexValue> Predicates(IReadOnlyList<NginxConf.Syntax.ConfigDirective> statements, CompileContext context) =>
        [.. statements.SelectMany(s => s.Args.Select(a => ComplexValue.Compile(a.Value, context, s.Position)))];

    /// <summary>As nginx's merge: listing <c>error</c> also covers "no live upstreams".</summary>
    private static NextUpstreamConditions CompileUseStale(NginxConf.Syntax.ConfigDirective? statement, string name, CompileContext context)
    {
        if (statement is null) return NextUpstreamConditions.Off;
        var (conditions, error) = NextUpstreamRules.ParseConditions(statement.Args.Select(a => a.Value), name);
        if (error is null) return conditions;
        context.Error(error, statement.Position);
        return NextUpstreamConditions.Off;
    }

    private static IgnoredHeaders CompileIgnore(NginxConf.Syntax.ConfigDirective? statement)
    {
        var ignored = IgnoredHeaders.None;
        if (statement is null) return ignored;
        foreach (var arg in statement.Args)
        {
            ignored |= arg.Value switch
            {
                "X-Accel-Expires" => IgnoredHeaders.XAccelExpires,
                "Expires" => IgnoredHeaders.Expires,
                "Cache-Control" => IgnoredHeaders.CacheControl,
                "Set-Cookie" => IgnoredHeaders.SetCookie,
                "Vary" => IgnoredHeaders.Vary,
                _ => IgnoredHeaders.None,
            };
        }
        return ignored;
    }
}

/// <summary>
/// The http level's <c>*_cache_path</c> zones by name, published for the locations' <c>*_cache</c>, with the directive
/// that declared each (a zone serves only its own module, as nginx's shared memory tag says).
/// </summary>
public sealed record CacheZoneTable(IReadOnlyDictionary<string, CachePathSpec> Zones, IReadOnlyDictionary<string, string> DeclaredBy);
