namespace ProxyServer.Tests.Infrastructure;

/// <summary>
/// The lines nginx and we are both started with in tests, so that a differential test compares two
/// servers running the same file: foreground, one process, pid and error log in the instance's prefix.
/// </summary>
public static class TestServerConfig
{
    /// <summary>A main-context body holding <paramref name="httpBody"/> inside <c>http {}</c>, access log off.</summary>
    public static string Http(string httpBody) => $"http {{\n    access_log off;\n{httpBody}\n}}\n";

    /// <summary>The complete nginx.conf for <paramref name="mainBody"/> run in <paramref name="prefix"/>.</summary>
#pragma warning disable CS0028 // named for nginx's main context, not an entry point (the test SDK writes that)
    public static string Main(string prefix, string mainBody) => $$"""
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log info;
        events { worker_connections 1024; }
        {{mainBody}}
        """;
#pragma warning restore CS0028
}
