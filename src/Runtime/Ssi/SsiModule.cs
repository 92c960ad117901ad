using System.Runtime.InteropServices;
using System.Text;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Modules;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Ssi;

/// <summary>
/// <c>ngx_http_ssi_filter_module</c>'s variables, which nginx offers whether or not <c>ssi</c> is on:
/// <c>$date_local</c> and <c>$date_gmt</c> (ngx_http_ssi_date_gmt_local_variable). Outside an SSI page
/// they use the default <c>timefmt</c>, <c>%A, %d-%b-%Y %H:%M:%S %Z</c>, through the C library's
/// strftime as nginx does (the zone's abbreviation is the C library's). SSI processing itself is not
/// built: the <c>ssi</c> directive is refused.
/// </summary>
public sealed class SsiModule : IHttpModule
{
    private const string DefaultTimeFormat = "%A, %d-%b-%Y %H:%M:%S %Z";

    public string Name => "ngx_http_ssi_filter_module";

    public void RegisterVariables(VariableRegistry variables, CompileContext context)
    {
        variables.Register("date_local", _ => CTime.Format(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), DefaultTimeFormat, local: true));
        variables.Register("date_gmt", _ => CTime.Format(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), DefaultTimeFormat, local: false));
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
        var buffer = new byte[256];
        var length = StrFTime(buffer, (nuint)buffer.Length, Encoding.ASCII.GetBytes(format + "\0"), tm);
        return Encoding.Latin1.GetString(buffer, 0, (int)length);
    }

    [DllImport("libc", EntryPoint = "localtime_r")]
    private static extern IntPtr LocalTime(ref long time, [Out] byte[] tm);

    [DllImport("libc", EntryPoint = "gmtime_r")]
    private static extern IntPtr GmTime(ref long time, [Out] byte[] tm);

    [DllImport("libc", EntryPoint = "strftime")]
    private static extern nuint StrFTime([Out] byte[] buffer, nuint size, byte[] format, byte[] tm);
}
