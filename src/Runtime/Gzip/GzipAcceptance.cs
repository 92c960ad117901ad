using Microsoft.AspNetCore.Http;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Gzip;

/// <summary>
/// Whether a client may be sent gzip (ngx_http_gzip_ok, which nginx keeps in its core module for gzip,
/// gzip_static and gunzip alike): Accept-Encoding names gzip with a non-zero q, not MSIE 4-6 under
/// <c>gzip_disable msie6</c>, at least <c>gzip_http_version</c>, a proxied request (Via) only as
/// <c>gzip_proxied</c> allows for the response's Expires, Cache-Control, Last-Modified, ETag, and a
/// User-Agent no <c>gzip_disable</c> regex matches. Tested once per request, as r->gzip_tested.
/// Also <c>gzip_vary</c>: the Vary header the filters ask for (r->gzip_vary).
/// </summary>
public sealed class GzipAcceptance
{
    [Flags]
    private enum Proxied { Off = 1, Expired = 2, NoCache = 4, NoStore = 8, Private = 16, NoLastModified = 32, NoEtag = 64, Auth = 128, Any = 256 }

    private readonly Proxied _proxied;
    private readonly bool _disableMsie6;
    private readonly IReadOnlyList<NginxRegex> _disable;
    private readonly bool _http11Only;

    private GzipAcceptance(Proxied proxied, bool disableMsie6, IReadOnlyList<NginxRegex> disable, bool http11Only, bool vary)
    {
        _proxied = proxied;
        _disableMsie6 = disableMsie6;
        _disable = disable;
        _http11Only = http11Only;
        Vary = vary;
    }

    /// <summary><c>gzip_vary</c>: a response a gzip module considered gets <c>Vary: Accept-Encoding</c>.</summary>
    public bool Vary { get; }

    public static GzipAcceptance Compile(DirectiveScope scope, CompileContext context)
    {
        var proxied = Proxied.Off;
        if (scope.Nearest(GzipDirectives.Proxied) is { } statement)
        {
            proxied = 0;
            foreach (var arg in statement.Args)
            {
                proxied |= arg.Value switch
                {
                    "off" => Proxied.Off, "expired" => Proxied.Expired, "no-cache" => Proxied.NoCache, "no-store" => Proxied.NoStore,
                    "private" => Proxied.Private, "no_last_modified" => Proxied.NoLastModified, "no_etag" => Proxied.NoEtag,
                    "auth" => Proxied.Auth, "any" => Proxied.Any, _ => 0,
                };
            }
        }
        var msie6 = false;
        var regexes = new List<NginxRegex>();
        if (scope.Nearest(GzipDirectives.Disable) is { } disable)
        {
            foreach (var arg in disable.Args)
            {
                if (arg.Value == "msie6") msie6 = true;
                else if (arg.Value != "degradation" && NginxRegex.Compile(arg.Value, caseless: true, context, disable.Position) is { } regex) regexes.Add(regex);
            }
        }
        var http11Only = scope.Get(GzipDirectives.HttpVersion, context) != "1.0";
        return new GzipAcceptance(proxied, msie6, regexes, http11Only, scope.Get(GzipDirectives.Vary, context));
    }

    /// <summary>The location's settings: every location has them once a gzip module is on anywhere.</summary>
    public static GzipAcceptance Of(LocationConfig location) => location.Features.Get<GzipAcceptance>()!;

    /// <summary>ngx_http_gzip_ok, remembered for the request.</summary>
    public bool Accepts(NginxRequest request)
    {
        if (request.Features.Get<Verdict>() is { } known) return known.Ok;
        var ok = Test(request);
        request.Features.Set(new Verdict(ok));
        return ok;
    }

    /// <summary>r->gzip_vary: the response gets <c>Vary: Accept-Encoding</c> when <c>gzip_vary</c> is on (ngx_http_header_filter), once.</summary>
    public void MarkVary(NginxRequest request)
    {
        if (!Vary || request.Features.Get<VaryAdded>() is not null) return;
        request.Features.Set(VaryAdded.Instance);
        request.Http.Response.Headers.Append("Vary", "Accept-Encoding");
    }

    private bool Test(NginxRequest request)
    {
        // ngx_http_gzip_ok: a subrequest's answer is spliced into its parent's, which is compressed whole or not at all.
        if (request.IsSubrequest) return false;
        var headers = request.Http.Request.Headers;
        if (headers.AcceptEncoding.Count == 0 || headers.AcceptEncoding[0] is not { Length: >= 4 } acceptEncoding) return false;
        if (!acceptEncoding.StartsWith("gzip,", StringComparison.Ordinal) && !AcceptsGzip(acceptEncoding)) return false;
        if (_disableMsie6 && BrowserFlags.Of(request).Msie6) return false;
        if (_http11Only && request.Http.Request.Protocol == HttpProtocol.Http10) return false;
        if (headers.Via.Count > 0 && !ProxiedAllowed(request)) return false;
        if (_disable.Count > 0 && headers.UserAgent.Count > 0 && headers.UserAgent[0] is { } agent)
            foreach (var regex in _disable)
                if (regex.Match(agent, request).Success) return false;
        return true;
    }

    /// <summary>The part of ngx_http_gzip_ok after "Via" is found.</summary>
    private bool ProxiedAllowed(NginxRequest request)
    {
        if ((_proxied & Proxied.Off) != 0) return false;
        if ((_proxied & Proxied.Any) != 0) return true;
        if (request.Http.Request.Headers.Authorization.Count > 0 && (_proxied & Proxied.Auth) != 0) return true;
        var response = request.Http.Response.Headers;
        if (response.Expires.Count > 0)
        {
            if ((_proxied & Proxied.Expired) == 0) return false;
            var expires = HttpTime.Parse(response.Expires[0]);
            if (expires < 0) return false;
            var date = response.Date.Count > 0 ? HttpTime.Parse(response.Date[0]) : HttpTime.Now();
            return date >= 0 && expires < date;
        }
        if (response.CacheControl.Count > 0)
        {
            return ((_proxied & Proxied.NoCache) != 0 && HasToken(response.CacheControl, "no-cache"))
                || ((_proxied & Proxied.NoStore) != 0 && HasToken(response.CacheControl, "no-store"))
                || ((_proxied & Proxied.Private) != 0 && HasToken(response.CacheControl, "private"));
        }
        if ((_proxied & Proxied.NoLastModified) != 0 && response.LastModified.Count > 0) return false;
        if ((_proxied & Proxied.NoEtag) != 0 && response.ETag.Count > 0) return false;
        return true;
    }

    /// <summary>ngx_http_parse_multi_header_lines: <paramref name="token"/> as a whole word of any line.</summary>
    private static bool HasToken(Microsoft.Extensions.Primitives.StringValues lines, string token)
    {
        foreach (var line in lines)
        {
            if (line is null) continue;
            for (var at = line.IndexOf(token, StringComparison.OrdinalIgnoreCase); at >= 0; at = line.IndexOf(token, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var before = at == 0 || line[at - 1] is ',' or ' ';
                var end = at + token.Length;
                var after = end == line.Length || line[end] is ',' or ';' or '=' or ' ';
                if (before && after) return true;
            }
        }
        return false;
    }

    /// <summary>ngx_http_gzip_accept_encoding and ngx_http_gzip_quantity: "gzip" as a token, then nothing, a comma, or q above zero.</summary>
    private static bool AcceptsGzip(string value)
    {
        var start = 0;
        int p;
        while (true)
        {
            p = value.IndexOf("gzip", start, StringComparison.OrdinalIgnoreCase);
            if (p < 0) return false;
            if (p == 0 || value[p - 1] is ',' or ' ') break;
            start = p + 4;
        }
        p += 4;
        while (p < value.Length && value[p] == ' ') p++;
        if (p == value.Length || value[p] == ',') return true;
        if (value[p++] != ';') return false;
        while (p < value.Length && value[p] == ' ') p++;
        if (p == value.Length) return true;
        if (value[p++] is not ('q' or 'Q')) return false;
        if (p + 2 > value.Length || value[p++] != '=') return false;
        return Quantity1000(value, p) != 0;
    }

    private static int Quantity1000(string value, int p)
    {
        var c = value[p++];
        if (c is not ('0' or '1')) return 0;
        var q = (c - '0') * 100;
        if (p == value.Length) return q;
        c = value[p++];
        if (c is ',' or ' ') return q;
        if (c != '.') return 0;
        var digits = 0;
        while (p < value.Length)
        {
            c = value[p++];
            if (c is ',' or ' ') break;
            if (c is >= '0' and <= '9')
            {
                q += c - '0';
                digits++;
                continue;
            }
            return 0;
        }
        return q > 100 || digits > 3 ? 0 : q;
    }

    private sealed record Verdict(bool Ok);

    private sealed class VaryAdded
    {
        public static readonly VaryAdded Instance = new();
    }
}
