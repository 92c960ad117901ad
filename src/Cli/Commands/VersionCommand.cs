using System.Security.Cryptography;
using ProxyServer.NginxConf.Directives;
using ProxyServer.Runtime.Core;

namespace ProxyServer.Cli.Commands;

/// <summary>
/// <c>-v</c> / <c>-V</c>: nginx-shaped version lines so tools that parse <c>nginx -V</c> (nginx's own test
/// suite among them: Test::Nginx's <c>has_module</c>) learn the truth about what we serve.
/// </summary>
internal static class VersionCommand
{
    /// <summary>
    /// nginx's optional modules (<c>auto/options</c>: off unless <c>--with-X</c>); every other stock module is
    /// built unless <c>--without-X</c>.
    /// </summary>
    private static readonly HashSet<string> Optional =
    [
        "http_ssl_module", "http_v2_module", "http_realip_module", "http_addition_module", "http_sub_module",
        "http_dav_module", "http_flv_module", "http_mp4_module", "http_gunzip_module", "http_gzip_static_module",
        "http_auth_request_module", "http_random_index_module", "http_secure_link_module", "http_slice_module",
        "http_stub_status_module",
    ];

    public static int Print(bool withConfigure)
    {
        Console.Error.WriteLine($"nginx version: {ServerIdentity.Name}/{ServerIdentity.Version} (nginx/{ServerIdentity.NginxVersion} compatible)");
        if (!withConfigure) return 0;
        if (OpenSslVersion() is { } openSsl) Console.Error.WriteLine($"built with OpenSSL {openSsl}");
        Console.Error.WriteLine("TLS SNI support enabled");
        Console.Error.WriteLine($"built with .NET {Environment.Version}");
        // --with-debug: error_log ... debug writes debug lines (a few of nginx's: ErrorLog.Debug's callers).
        Console.Error.WriteLine("configure arguments: --prefix=/usr/share/nginx --conf-path=/etc/nginx/nginx.conf --with-debug " + string.Join(" ", ConfigureSwitches(DirectiveTable.Default)));
        return 0;
    }

    /// <summary>
    /// The switches a build of nginx serving what we serve would have been configured with, read from the
    /// directive table: a module with no implemented directive is <c>--without-</c> (stock) or absent
    /// (optional); an optional module with one is <c>--with-</c>. No cache: <c>--without-http-cache</c>.
    /// </summary>
    internal static IEnumerable<string> ConfigureSwitches(DirectiveTable table)
    {
        var modules = table.All.Where(s => DirectiveTable.StockNginxModules.Contains(s.Module) && s.Module.StartsWith("ngx_http_", StringComparison.Ordinal))
            // configure names filters without "_filter": ngx_http_ssi_filter_module is --without-http_ssi_module.
            .GroupBy(s => s.Module["ngx_".Length..].Replace("_filter_module", "_module", StringComparison.Ordinal))
            .Select(g => (Name: g.Key, Served: g.Any(s => s.Support == DirectiveSupport.Implemented)))
            .Where(m => m.Name is not ("http_core_module" or "http_log_module"))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var (name, served) in modules)
        {
            if (Optional.Contains(name)) { if (served) yield return "--with-" + name; }
            else if (!served) yield return "--without-" + name;
        }
        if (table.Lookup("proxy_cache").All(s => s.Support != DirectiveSupport.Implemented)) yield return "--without-http-cache";
    }

    /// <summary>The OpenSSL .NET's TLS runs on, as nginx names the one it was built with (<c>3.0.11</c>).</summary>
    private static string? OpenSslVersion()
    {
        try
        {
            // OPENSSL_VERSION_NUMBER: 0xMNN00PP0L since 3.0 (major, minor, patch).
            var number = SafeEvpPKeyHandle.OpenSslVersion;
            return $"{(number >> 28) & 0xF}.{(number >> 20) & 0xFF}.{(number >> 4) & 0xFF}";
        }
        catch (Exception e) when (e is PlatformNotSupportedException or TypeInitializationException or DllNotFoundException)
        {
            return null;
        }
    }
}
