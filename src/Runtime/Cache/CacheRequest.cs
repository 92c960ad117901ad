using Microsoft.AspNetCore.Http;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Upstream.Retry;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// One request's way through the cache, as ngx_http_upstream_cache and its callers: the method and
/// <c>proxy_cache_bypass</c> tests, the lookup (HIT, a cached error, UPDATING, or to the upstream as MISS or
/// EXPIRED), then the upstream's say: a use_stale failure or status (STALE), a 304 to a revalidation
/// (REVALIDATED), or a response stored while it streams to the client when <c>proxy_no_cache</c>, its headers
/// and <c>proxy_cache_valid</c> allow. The proxy's attempt loop asks it at three points (<see cref="ShapeRequest"/>,
/// <see cref="AnswersStatus"/> / <see cref="AnswersFailure"/>, <see cref="OnResponse"/>); everything else is here.
/// </summary>
public sealed class CacheRequest
{
    private readonly NginxRequest _request;
    private readonly CachePolicy _policy;
    private readonly CacheZone _zone;
    private readonly string _key;
    /// <summary>The entry's file name: the key's md5, or its variant's when the entry under the key varies (Vary).</summary>
    private string _hex;
    private CacheOpen? _open;
    /// <summary>nginx's u->cacheable: what comes back may be stored.</summary>
    private bool _cacheable;
    /// <summary>This request holds the node's updating mark (an expired entry, or the lock).</summary>
    private bool _updating;
    private bool _released;
    private bool _answerFromCache;
    /// <summary>What the last upstream header said about caching (an intercepted error is kept by it).</summary>
    private UpstreamValidity? _judged;

    private CacheRequest(NginxRequest request, CachePolicy policy, CacheZone zone, string key)
    {
        _request = request;
        _policy = policy;
        _zone = zone;
        _key = key;
        _hex = CacheZone.Hash(key);
    }

    /// <summary><c>$upstream_cache_status</c>.</summary>
    public string? StatusText { get; private set; }

    /// <summary>A HEAD the cache turns into a GET upstream (<c>proxy_cache_convert_head</c>).</summary>
    public bool SendsGet { get; private set; }

    /// <summary>
    /// Answers the request from the cache or through <paramref name="fetch"/> (the attempt loop, which returns
    /// <see cref="Outcome.Continue"/> when it sent nothing because the cache answers). <paramref name="shapeHeaders"/>
    /// applies the proxy's header rules (hidden headers, proxy_redirect) to a response sent from an entry.
    /// </summary>
    public static async Task<int> HandleAsync(NginxRequest request, CachePolicy policy, Func<CacheRequest?, Task<int>> fetch,
        Action<IHeaderDictionary> shapeHeaders)
    {
        var purging = CachePolicy.AnySet(policy.Purge, request);
        if (!purging && !policy.Methods.Contains(request.Method)) return await fetch(null);
        var spec = policy.Zone;
        if (policy.ZoneName is { } variable)
        {
            var name = variable.Evaluate(request);
            if (name.Length == 0 || name == "off") return await fetch(null);
            if (!policy.Zones.TryGetValue(name, out spec))
            {
                request.LogError($"cache \"{name}\" not found");
                return 500;
            }
        }
        var zone = CacheModule.ZoneFor(request.Model.Cycle, spec!);
        if (purging) return Purge(request, zone, policy.Key.Evaluate(request));
        var cache = new CacheRequest(request, policy, zone, policy.Key.Evaluate(request));
        request.Features.Set(cache);
        try
        {
            return await cache.RunAsync(fetch, shapeHeaders);
        }
        finally
        {
            cache._open?.Dispose();
            cache.Release();
            cache.Count();
        }
    }

    /// <summary>
    /// NGINX Plus's purge: the entry of the request's key, or with a key ending in <c>*</c> every entry whose key
    /// starts with the rest, leaves the index and the disk; 204 when something went, 404 when nothing matched.
    /// </summary>
    private static int Purge(NginxRequest request, CacheZone zone, string key)
    {
        var removed = key.EndsWith('*')
            ? zone.Purge(k => k.StartsWith(key[..^1], StringComparison.Ordinal))
            : zone.Purge(k => k == key);
        return removed > 0 ? 204 : 404;
    }

    private async Task<int> RunAsync(Func<CacheRequest?, Task<int>> fetch, Action<IHeaderDictionary> shapeHeaders)
    {
        SendsGet = HttpMethods.IsHead(_request.Method) && _policy.ConvertHead;
        _cacheable = true;
        if (CachePolicy.AnySet(_policy.Bypass, _request))
        {
            StatusText = "BYPASS";
            return await FetchAsync(fetch, shapeHeaders);
        }
        StatusText = "MISS";
        _open = await _zone.OpenAsync(_key, _hex, _policy.Lookup, _request.Http.RequestAborted);
        if (_open.Entry is { Vary: { } vary } varying && Variant(vary) != varying.Variant)
        {
            // ngx_http_file_cache_vary: another variant is kept under the key and this one's own md5
            _zone.Free(_open.Node, _open.Kind == CacheOpenKind.Stale, _policy.Lookup.MinUses);
            _open.Dispose();
            _hex = CacheZone.Hash(_key + "\n" + Variant(vary));
            _open = await _zone.OpenAsync(_key, _hex, _policy.Lookup, _request.Http.RequestAborted);
        }
        var updater = _request.Features.Get<CacheUpdater>() is not null;
        switch (_open.Kind)
        {
            case CacheOpenKind.Updating or CacheOpenKind.Stale when updater:
                // the background update: the mark its parent took (or its own) is this request's to let go
                _updating = true;
                StatusText = "EXPIRED";
                break;
            case CacheOpenKind.Stale when _policy.BackgroundUpdate
                && ((_policy.UseStale & NextUpstreamConditions.Updating) != 0 || _open.StaleUpdating):
                // ngx_http_upstream_cache: the stale entry is sent while a background subrequest updates it
                // (ngx_http_upstream_cache_background_update), which takes over the updating mark
                if (!await Subrequests.StartInBackgroundAsync(_request, _request.Uri, _request.ArgsPresent ? _request.Args : null,
                        new SubrequestOptions(Prepare: static sub => sub.Features.Set(new CacheUpdater()))))
                {
                    _updating = true;
                    return 500;
                }
                StatusText = "STALE";
                return await CachedResponse.SendAsync(_request, _open, shapeHeaders);
            case CacheOpenKind.Hit:
                StatusText = "HIT";
                return await CachedResponse.SendAsync(_request, _open, shapeHeaders);
            case CacheOpenKind.CachedError:
                StatusText = "HIT";
                return _open.ErrorStatus;
            case CacheOpenKind.Updating when (_policy.UseStale & NextUpstreamConditions.Updating) != 0 || _open.StaleUpdating:
                StatusText = "UPDATING";
                return await CachedResponse.SendAsync(_request, _open, shapeHeaders);
            case CacheOpenKind.Updating:
            case CacheOpenKind.Stale:
                _updating = _open.Kind == CacheOpenKind.Stale;
                StatusText = "EXPIRED";
                break;
            case CacheOpenKind.Scarce:
                _cacheable = false;
                break;
            default:
                _updating = _policy.Lookup.Lock;
                break;
        }
        if (!RangeMayBeCached()) _cacheable = false;
        return await FetchAsync(fetch, shapeHeaders);
    }

    /// <summary>Counts the request's final <c>$upstream_cache_status</c> in the zone's figures.</summary>
    private void Count()
    {
        var figures = _zone.Figures;
        switch (StatusText)
        {
            case "HIT": Interlocked.Increment(ref figures.HitCount); break;
            case "MISS": Interlocked.Increment(ref figures.MissCount); break;
            case "EXPIRED": Interlocked.Increment(ref figures.ExpiredCount); break;
            case "STALE": Interlocked.Increment(ref figures.StaleCount); break;
            case "UPDATING": Interlocked.Increment(ref figures.UpdatingCount); break;
            case "REVALIDATED": Interlocked.Increment(ref figures.RevalidatedCount); break;
            case "BYPASS": Interlocked.Increment(ref figures.BypassCount); break;
        }
    }

    private async Task<int> FetchAsync(Func<CacheRequest?, Task<int>> fetch, Action<IHeaderDictionary> shapeHeaders)
    {
        var status = await fetch(this);
        if (_answerFromCache && _open is { Entry: not null })
        {
            Release();
            return await CachedResponse.SendAsync(_request, _open, shapeHeaders);
        }
        // ngx_http_upstream_finalize_request: a 502 or 504 of our own is cached as an error when proxy_cache_valid says so
        if (_cacheable && status is 502 or 504 && _open is not null && _policy.ValidFor(status) is > 0 and var seconds)
        {
            _zone.Free(_open.Node, _updating, _policy.Lookup.MinUses, status, Now() + seconds);
            _released = true;
        }
        return status;
    }

    /// <summary>ngx_http_upstream_cache_check_range: a range starting at or past proxy_cache_max_range_offset is not cached.</summary>
    private bool RangeMayBeCached()
    {
        if (_request.Header("Range") is not { } range || _policy.MaxRangeOffset == long.MaxValue) return true;
        if (_policy.MaxRangeOffset == 0) return false;
        if (range.Length < 7 || !range.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return true;
        var p = 6;
        while (p < range.Length && range[p] == ' ') p++;
        if (p < range.Length && range[p] == '-') return false;
        long offset = 0;
        while (p < range.Length && char.IsAsciiDigit(range[p]) && offset < long.MaxValue / 10) offset = offset * 10 + (range[p++] - '0');
        return offset < _policy.MaxRangeOffset;
    }

    /// <summary>The expired entry's Last-Modified while it is revalidated (<c>$upstream_cache_last_modified</c>), else null.</summary>
    public string? RevalidatedLastModified =>
        Revalidating() is { LastModified: >= 0 } entry ? HttpTime.Format(entry.LastModified) : null;

    /// <summary>The expired entry's ETag while it is revalidated (<c>$upstream_cache_etag</c>), else null.</summary>
    public string? RevalidatedETag => Revalidating()?.ETag;

    /// <summary>ngx_http_upstream_cache_last_modified's test: <c>*_cache_revalidate</c> on and the entry EXPIRED.</summary>
    private CacheEntryHeader? Revalidating() => StatusText == "EXPIRED" && _policy.Revalidate && _cacheable ? _open?.Entry : null;

    /// <summary>
    /// The upstream request of a cacheable request (ngx_http_proxy_cache_headers): no conditional or range headers
    /// of the client's, but the entry's Last-Modified and ETag when it revalidates an expired one; a converted HEAD
    /// goes as GET. The location's proxy_set_header applies after this.
    /// </summary>
    public void ShapeRequest(HttpRequestMessage message)
    {
        if (SendsGet) message.Method = HttpMethod.Get;
        if (!_cacheable) return;
        foreach (var name in (string[])["If-Modified-Since", "If-Unmodified-Since", "If-None-Match", "If-Match", "Range", "If-Range"])
            message.Headers.Remove(name);
        if (RevalidatedLastModified is { } lastModified) message.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        if (RevalidatedETag is { } etag) message.Headers.TryAddWithoutValidation("If-None-Match", etag);
    }

    /// <summary>
    /// Asked once the proxy will not try another peer for this status (ngx_http_upstream_test_next's cache part):
    /// an expired entry answers a status its use_stale (or stale-if-error) lists, and a 304 to a revalidation.
    /// </summary>
    public bool AnswersStatus(int status, HttpResponseMessage response)
    {
        _judged = UpstreamValidity.Read(response, _policy.Ignore, Now());
        if (StatusText != "EXPIRED" || _open?.Entry is null) return false;
        // stale-if-error does not cover an answered 5xx (nginx 1.19.3): only use_stale's list does
        if (UpstreamFailures.ForStatus(status) is { } failure && (_policy.UseStale & failure.Condition()) != 0)
        {
            StatusText = "STALE";
            return _answerFromCache = true;
        }
        if (status == 304 && _policy.Revalidate)
        {
            StatusText = "REVALIDATED";
            var now = Now();
            var validity = UpstreamValidity.Read(response, _policy.Ignore, now);
            var valid = validity.ValidSec;
            // nginx re-reads the entry's own header before it looks at proxy_cache_valid, for the entry's status
            if (valid == 0) valid = UpstreamValidity.Read(_open.Entry.Headers, _policy.Ignore, now).ValidSec;
            if (valid == 0 && _policy.ValidFor(_open.Entry.Status) is > 0 and var seconds) valid = now + seconds;
            if (valid != 0)
            {
                try
                {
                    CacheEntryFile.UpdateValidity(_open.Path, valid, now);
                    _open.Entry.ValidSec = valid;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _request.Log(LogLevel.Crit, $"open() \"{_open.Path}\" failed ({e.Message})");
                }
            }
            return _answerFromCache = true;
        }
        return false;
    }

    /// <summary>ngx_http_upstream_intercept_errors: an intercepted status is kept as the key's error while proxy_cache_valid gives it time.</summary>
    public void Intercepted(int status)
    {
        if (_open is null || _released || !_cacheable || _judged is not { Cacheable: true } judged) return;
        var valid = judged.ValidSec;
        if (valid == 0 && _policy.ValidFor(status) is > 0 and var seconds) valid = Now() + seconds;
        if (valid == 0) return;
        _released = true;
        _zone.Free(_open.Node, _updating, _policy.Lookup.MinUses, status, valid);
    }

    /// <summary>ngx_http_upstream_next giving up on a failure (error, timeout, invalid header): an expired entry answers when use_stale lists it.</summary>
    public bool AnswersFailure(NextUpstreamConditions condition)
    {
        if (StatusText != "EXPIRED" || _open?.Entry is null) return false;
        if ((_policy.UseStale & condition) == 0 && !_open.StaleError) return false;
        StatusText = "STALE";
        return _answerFromCache = true;
    }

    /// <summary>
    /// The upstream's response goes to the client (ngx_http_upstream_send_response's cache part): when it may
    /// be stored, its body is written to the entry as it streams (<see cref="Upstream.TeeContent"/>).
    /// </summary>
    public void OnResponse(HttpResponseMessage response)
    {
        if (!_cacheable || _open is null && StatusText != "BYPASS")
        {
            Release();
            return;
        }
        var now = Now();
        var status = (int)response.StatusCode;
        var validity = UpstreamValidity.Read(response, _policy.Ignore, now);
        var valid = validity.ValidSec;
        if (!validity.Cacheable || CachePolicy.AnySet(_policy.NoCache, _request) || status == 101 || response.Content is null)
        {
            Release();
            return;
        }
        if (valid == 0 && _policy.ValidFor(status) is > 0 and var seconds) valid = now + seconds;
        if (valid == 0)
        {
            Release();
            return;
        }
        var lastModified = -1L;
        string? etag = null;
        if (status is 200 or 206)
        {
            if (response.Content.Headers.TryGetValues("Last-Modified", out var lm)) lastModified = HttpTime.Parse(lm.First());
            if (response.Headers.TryGetValues("ETag", out var tags)) etag = tags.First();
        }
        var header = new CacheEntryHeader
        {
            Key = _key,
            ValidSec = valid,
            UpdatingSec = validity.UpdatingSec,
            ErrorSec = validity.ErrorSec,
            Date = now,
            LastModified = lastModified,
            ETag = etag,
            Vary = validity.Vary,
            Variant = validity.Vary is { } varyNames ? Variant(varyNames) : "",
            Status = status,
            Headers = StoredHeaders(response),
        };
        var node = _open?.Node;
        var path = _zone.Spec.FileFor(_hex);
        // ngx_http_proxy_process_header: no body follows a HEAD's, a 204's or a 304's header
        var announced = response.RequestMessage?.Method == HttpMethod.Head || status is 204 or 304 ? 0 : response.Content.Headers.ContentLength;
        var writer = CacheEntryWriter.Create(_request, path, header, announced, (length, stored) =>
        {
            if (stored) _zone.Stored(node, _hex, length, valid);
            else if (node is not null) _zone.Free(node, _updating, _policy.Lookup.MinUses);
        });
        if (writer is null)
        {
            Release();
            return;
        }
        _released = true; // the writer lets go of the node when the body ends
        MissClientView.Apply(_request, response, announced, etag, lastModified);
        response.Content = new Upstream.TeeContent(response.Content, writer);
    }

    /// <summary>The upstream's headers as an entry keeps them: hop-by-hop ones go (nginx's stored header is re-read through the same rules).</summary>
    private static List<KeyValuePair<string, string>> StoredHeaders(HttpResponseMessage response)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in UpstreamValidity.Lines(response))
        {
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) || name.Equals("Trailer", StringComparison.OrdinalIgnoreCase))
                continue;
            headers.Add(new(name, value));
        }
        return headers;
    }

    /// <summary>The request's values of the headers an entry's Vary names (ngx_http_file_cache_vary, our own form).</summary>
    private string Variant(string vary)
    {
        var text = new System.Text.StringBuilder();
        foreach (var name in vary.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            text.Append(name.ToLowerInvariant()).Append(':').Append(_request.Header(name)).Append("\r\n");
        return CacheZone.Hash(text.ToString());
    }

    /// <summary>Marks the background subrequest that updates a stale entry (nginx's <c>sr->cache_updater</c>).</summary>
    private sealed class CacheUpdater;

    /// <summary>ngx_http_file_cache_free: lets go of the node once (its updating mark too).</summary>
    private void Release()
    {
        if (_released || _open is null) return;
        _released = true;
        _zone.Free(_open.Node, _updating, _policy.Lookup.MinUses);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
