using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Modules;

namespace ProxyServer.Cli.Commands;

/// <summary><c>-v</c> / <c>-V</c>: nginx-shaped version lines so tools that parse <c>nginx -V</c> learn the truth.</summary>
internal static class VersionCommand
{
    /// <summary>nginx modules a stock build has that we do not implement, as <c>--without-*</c> switches name them.</summary>
    private static readonly string[] NotImplemented =
    [
        "http_ssi_module", "http_userid_module", "http_mirror_module",
        "http_autoindex_module", "http_geo_module", "http_split_clients_module", "http_referer_module",
        "http_fastcgi_module", "http_uwsgi_module", "http_scgi_module", "http_grpc_module", "http_memcached_module",
        "http_limit_conn_module", "http_limit_req_module", "http_empty_gif_module", "http_browser_module",
        "http_upstream_zone_module", "http_gzip_module", "http_charset_module",
    ];

    public static int Print(bool withConfigure)
    {
        Console.Error.WriteLine($"nginx version: {ServerIdentity.Name}/{ServerIdentity.Version} (nginx/{ServerIdentity.NginxVersion} compatible)");
        if (!withConfigure) return 0;
        Console.Error.WriteLine($"built with .NET {Environment.Version}");
        var implemented = string.Join(",", HttpModules.All.Select(m => m.Name));
        Console.Error.WriteLine("configure arguments: --prefix=/usr/share/nginx --conf-path=/etc/nginx/nginx.conf " +
            string.Join(" ", NotImplemented.Select(m => "--without-" + m)) + $" --with-modules={implemented}");
        return 0;
    }
}
