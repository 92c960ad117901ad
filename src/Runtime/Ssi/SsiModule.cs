using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Locations;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Ssi;

/// <summary>A location's SSI settings (<c>ssi on</c> and the rest).</summary>
internal sealed record SsiSettings(bool SilentErrors, bool LastModified, int ValueLength, ContentTypeSet Types, SsiVariables Variables);

/// <summary>
/// nginx's variables by name for SSI (ngx_http_get_variable): a page names them at request time, so each name
/// is resolved once against the compile's registry and kept; a name nginx does not know is "not found".
/// </summary>
internal sealed class SsiVariables(VariableRegistry registry)
{
    private readonly ConcurrentDictionary<string, VariableGetter?> _resolved = new(StringComparer.OrdinalIgnoreCase);

    public string? Get(string name, NginxRequest request)
    {
        var getter = _resolved.GetOrAdd(name, n =>
        {
            lock (registry) return registry.Resolve(n);
        });
        return getter?.Invoke(request);
    }
}

/// <summary>
/// ngx_http_ssi_filter_module: server-side includes in responses of <c>ssi_types</c> (text/html by default) of
/// any status and producer, whose length is not known to be zero. The header part (ngx_http_ssi_header_filter)
/// drops Content-Length and Accept-Ranges of the client's response and, unless <c>ssi_last_modified on</c>
/// (which weakens the ETag instead), Last-Modified and ETag; the body part is <see cref="SsiStage"/>.
/// Also <c>$date_local</c> and <c>$date_gmt</c> (ngx_http_ssi_date_gmt_local_variable), offered whether or not
/// <c>ssi</c> is on: in an SSI page they follow its <c>config timefmt</c>, elsewhere the default
/// <c>%A, %d-%b-%Y %H:%M:%S %Z</c>, through the C library's strftime as nginx does.
/// </summary>
public sealed class SsiModule : IHttpModule, IResponseBodyFilter
{
    public string Name => "ngx_http_ssi_filter_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("date_local", r => Date(r, local: true));
        variables.Register("date_gmt", r => Date(r, local: false));
    }

    public void CompileLocation(LocationBuilder location, CompileContext context)
    {
        var scope = location.Scope;
        var silent = scope.Get(SsiDirectives.SilentErrors, context);
        var lastModified = scope.Get(SsiDirectives.LastModified, context);
        var valueLength = scope.Get(SsiDirectives.ValueLength, context);
        var types = ContentTypeSet.From(scope.Nearest(SsiDirectives.Types), "text/html");
        if (!scope.Get(SsiDirectives.Ssi, context)) return;
        var variables = context.Variables;
        location.Features.Set(new SsiSettings(silent, lastModified, (int)Math.Min(valueLength, 1 << 20), types, new SsiVariables(variables)));
        location.BodyFilters.Add(this);
    }

    public bool Takes(NginxRequest request, int status) => Considers(request) is not null;

    public Func<Stream, Stream>? Start(NginxRequest request, int status)
    {
        if (Considers(request) is not { } settings) return null;
        var page = new SsiPage();
        request.Features.Set(page);
        if (!request.IsSubrequest)
        {
            var response = request.Http.Response;
            response.ContentLength = null;
            response.Headers.AcceptRanges = default;
            Responses.ClearOrWeakenValidators(response, settings.LastModified);
        }
        return next => new SsiStage(next, request, settings, page);
    }

    /// <summary>The test of ngx_http_ssi_header_filter: on, a length not known to be zero, a listed type.</summary>
    private static SsiSettings? Considers(NginxRequest request)
    {
        if (request.Location.Features.Get<SsiSettings>() is not { } settings) return null;
        var response = request.Http.Response;
        if (response.ContentLength == 0 || !settings.Types.Matches(response.ContentType)) return null;
        return settings;
    }

    private static string Date(NginxRequest request, bool local)
    {
        var format = request.Features.Get<SsiPage>()?.TimeFormat ?? SsiPage.DefaultTimeFormat;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return format == "%s" ? now.ToString(System.Globalization.CultureInfo.InvariantCulture) : CTime.Format(now, format, local);
    }
}

/// <summary>The C library's <c>localtime_r</c>/<c>gmtime_r</c> and <c>strftime</c> (the "C" locale, as nginx runs).</summary>
internal static class CTime
{
    public static string Format(long seconds, string format, bool local)
    {
        var tm = new byte[64]; // struct tm is 56 bytes on glibc x86-64 (with tm_gmtoff and tm_zone)
        var ok = local ? LocalTime(ref seconds, tm) : GmTime(ref seconds, tm);
        if (ok == IntPtr.Zero) return "";
        // NGX_HTTP_SSI_DATE_LEN: a longer result is nginx's error (no value).
        var buffer = new byte[2048];
        var length = StrFTime(buffer, (nuint)buffer.Length, Encoding.Latin1.GetBytes(format + "\0"), tm);
        return Encoding.Latin1.GetString(buffer, 0, (int)length);
    }

    [DllImport("libc", EntryPoint = "localtime_r")]
    private static extern IntPtr LocalTime(ref long time, [Out] byte[] tm);

    [DllImport("libc", EntryPoint = "gmtime_r")]
    private static extern IntPtr GmTime(ref long time, [Out] byte[] tm);

    [DllImport("libc", EntryPoint = "strftime")]
    private static extern nuint StrFTime([Out] byte[] buffer, nuint size, byte[] format, byte[] tm);
}
