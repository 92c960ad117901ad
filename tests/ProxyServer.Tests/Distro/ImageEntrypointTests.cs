using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Distro;

/// <summary>
/// The container image's entry point and /docker-entrypoint.d/ scripts (packaging/image/), run as the
/// image runs them but in a temporary root (<see cref="ImageRoot"/>; no container runtime is on the
/// machine): the official nginx image's log lines, its IPv6 edit of default.conf, templates rendered
/// with only defined variables, quiet logs, worker autotune, and a compose-style start,
/// <c>nginx -g 'daemon off;'</c>, serving a rendered template with its access log on stdout.
/// </summary>
public sealed class ImageEntrypointTests
{
    private static readonly string[] Test = ["nginx", "-t"];

    [Fact]
    public void Entrypoint_RunsTheScriptsInOrder_WithTheOfficialLines_ThenTheCommand()
    {
        using var root = new ImageRoot();
        File.WriteAllText(root.At("/docker-entrypoint.d/05-note.txt"), "not a script\n");
        File.WriteAllText(root.At("/docker-entrypoint.d/40-not-executable.sh"), "#!/bin/sh\necho should not run\n");
        var (exit, stdout, stderr) = root.Run(Test);
        Assert.True(exit == 0, stdout + stderr);
        var lines = stdout.Split('\n');
        Assert.Equal("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration", lines[0]);
        Assert.Equal("/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/", lines[1]);
        Assert.Equal("/docker-entrypoint.sh: Ignoring /docker-entrypoint.d/05-note.txt", lines[2]);
        Assert.Equal("/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh", lines[3]);
        Assert.Contains("/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh", lines);
        Assert.Contains("/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh", lines);
        Assert.Contains("/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh", lines);
        Assert.Contains("/docker-entrypoint.sh: Ignoring /docker-entrypoint.d/40-not-executable.sh, not executable", lines);
        Assert.Contains("/docker-entrypoint.sh: Configuration complete; ready for start up", lines);
        Assert.DoesNotContain("should not run", stdout);
        // then the command, our nginx: nginx -t's lines for the shipped nginx.conf and default.conf
        Assert.Contains("the configuration file /etc/nginx/nginx.conf syntax is ok", stderr);
        Assert.Contains("configuration file /etc/nginx/nginx.conf test is successful", stderr);
    }

    [Fact]
    public void ListenOnIpv6_AddsTheListenOnce_OnlyToThePackagedDefaultConf()
    {
        using var root = new ImageRoot();
        var defaultConf = root.At("/etc/nginx/conf.d/default.conf");
        var (_, first, _) = root.Run(Test);
        if (!File.Exists("/proc/net/if_inet6"))
        {
            Assert.Contains("10-listen-on-ipv6-by-default.sh: info: ipv6 not available", first);
            return;
        }
        Assert.Contains("10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf", first);
        Assert.Contains("    listen       80;\n    listen  [::]:80;\n", File.ReadAllText(defaultConf));

        var (_, second, _) = root.Run(Test); // a container restart
        Assert.Contains("10-listen-on-ipv6-by-default.sh: info: IPv6 listen already enabled", second);

        File.WriteAllText(defaultConf, "server {\n    listen       80;\n    location / { return 204; }\n}\n");
        var (_, edited, _) = root.Run(Test);
        Assert.Contains("10-listen-on-ipv6-by-default.sh: info: /etc/nginx/conf.d/default.conf differs from the packaged version", edited);
        Assert.DoesNotContain("[::]", File.ReadAllText(defaultConf));
    }

    [Fact]
    public void Templates_AreRendered_WithDefinedVariablesOnly_IntoSubdirectories()
    {
        using var root = new ImageRoot();
        Directory.CreateDirectory(root.At("/etc/nginx/templates/sub"));
        File.WriteAllText(root.At("/etc/nginx/templates/app.conf.template"),
            "server {\n    listen ${APP_PORT};\n    server_name ${APP_HOST};\n    location / { return 200 \"$host ${UNDEFINED_VAR}\"; }\n}\n");
        File.WriteAllText(root.At("/etc/nginx/templates/sub/extra.conf.template"), "# ${APP_HOST}\n");
        File.WriteAllText(root.At("/etc/nginx/templates/ignored.conf"), "not a template\n");
        var (exit, stdout, stderr) = root.Run(["nginx", "-v"], new Dictionary<string, string> { ["APP_PORT"] = "8081", ["APP_HOST"] = "example.com" });
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("20-envsubst-on-templates.sh: Running envsubst on /etc/nginx/templates/app.conf.template to /etc/nginx/conf.d/app.conf", stdout);
        Assert.Equal("server {\n    listen 8081;\n    server_name example.com;\n    location / { return 200 \"$host ${UNDEFINED_VAR}\"; }\n}\n",
            File.ReadAllText(root.At("/etc/nginx/conf.d/app.conf")));
        Assert.Equal("# example.com\n", File.ReadAllText(root.At("/etc/nginx/conf.d/sub/extra.conf")));
        Assert.False(File.Exists(root.At("/etc/nginx/conf.d/ignored.conf")));
    }

    [Fact]
    public void Templates_DirSuffixOutputAndFilter_ComeFromTheEnvironment()
    {
        using var root = new ImageRoot();
        Directory.CreateDirectory(root.At("/srv/tpl"));
        Directory.CreateDirectory(root.At("/srv/out"));
        File.WriteAllText(root.At("/srv/tpl/a.conf.tpl"), "# ${MY_A} ${OTHER}\n");
        var (exit, stdout, stderr) = root.Run(["nginx", "-v"], new Dictionary<string, string>
        {
            ["NGINX_ENVSUBST_TEMPLATE_DIR"] = "/srv/tpl",
            ["NGINX_ENVSUBST_TEMPLATE_SUFFIX"] = ".tpl",
            ["NGINX_ENVSUBST_OUTPUT_DIR"] = "/srv/out",
            ["NGINX_ENVSUBST_FILTER"] = "^MY_",
            ["MY_A"] = "a",
            ["OTHER"] = "o",
        });
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal("# a ${OTHER}\n", File.ReadAllText(root.At("/srv/out/a.conf")));
    }

    [Fact]
    public void QuietLogs_SayNothing_LocalResolvers_ReachTheTemplates()
    {
        using var root = new ImageRoot();
        File.WriteAllText(root.At("/etc/resolv.conf"), "nameserver 10.0.0.53\nnameserver 10.0.0.54\nsearch example\n");
        Directory.CreateDirectory(root.At("/etc/nginx/templates"));
        File.WriteAllText(root.At("/etc/nginx/templates/r.conf.template"), "resolver ${NGINX_LOCAL_RESOLVERS};\n");
        var (exit, stdout, stderr) = root.Run(["nginx", "-v"], new Dictionary<string, string>
        {
            ["NGINX_ENTRYPOINT_QUIET_LOGS"] = "1",
            ["NGINX_ENTRYPOINT_LOCAL_RESOLVERS"] = "1",
        });
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal("", stdout);
        Assert.Equal("resolver 10.0.0.53 10.0.0.54 ;\n", File.ReadAllText(root.At("/etc/nginx/conf.d/r.conf")));
    }

    [Fact]
    public void WorkerProcessesAutotune_WritesTheCpuCount_KeepsTheOldLineAndFile()
    {
        using var root = new ImageRoot();
        var (exit, stdout, stderr) = root.Run(Test, new Dictionary<string, string> { ["NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE"] = "1" });
        Assert.True(exit == 0, stdout + stderr);
        var conf = File.ReadAllText(root.At("/etc/nginx/nginx.conf"));
        Assert.Contains("# Commented out by 30-tune-worker-processes.sh on ", conf);
        Assert.Contains("\n#worker_processes  auto;\n", conf);
        var count = int.Parse(conf.Split('\n').Single(line => line.StartsWith("worker_processes ")).Split(' ')[1].TrimEnd(';'));
        Assert.InRange(count, 1, Environment.ProcessorCount);
        Assert.Contains("worker_processes  auto;", File.ReadAllText(root.At("/etc/nginx/nginx.conf.bak")));

        var (_, untouched, _) = root.Run(Test); // without the variable the script leaves the file alone
        Assert.Equal(conf, File.ReadAllText(root.At("/etc/nginx/nginx.conf")));
        Assert.Contains("Launching /docker-entrypoint.d/30-tune-worker-processes.sh", untouched);
    }

    [Fact]
    public void OtherCommands_SkipTheScripts()
    {
        using var root = new ImageRoot();
        var (exit, stdout, _) = root.Run(["sh", "-c", "echo hello"]);
        Assert.Equal(0, exit);
        Assert.Equal("hello\n", stdout);
    }

    [Fact]
    public async Task ComposeStyleStart_ServesARenderedTemplate_AccessLogOnStdout_QuitStops()
    {
        using var root = new ImageRoot();
        File.Delete(root.At("/etc/nginx/conf.d/default.conf")); // port 80 is not ours to take on a shared machine
        Directory.CreateDirectory(root.At("/etc/nginx/templates"));
        File.WriteAllText(root.At("/etc/nginx/templates/default.conf.template"),
            "server {\n    listen 127.0.0.1:${NGINX_PORT};\n    location / {\n        root /usr/share/nginx/html;\n        index index.html;\n    }\n" +
            "    location = /hello { return 200 \"hello from ${NGINX_HOST} at $uri\\n\"; }\n}\n");
        var port = FreePort.Next();
        using var server = root.Start(["nginx", "-g", "daemon off;"], new Dictionary<string, string> { ["NGINX_PORT"] = port.ToString(), ["NGINX_HOST"] = "compose" });
        FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(90));

        var hello = await Curl.RunAsync(["-s", "--max-time", "30", $"http://127.0.0.1:{port}/hello"]);
        Assert.Equal("hello from compose at /hello\n", hello.Output);
        var index = await Curl.RunAsync(["-s", "--max-time", "30", $"http://127.0.0.1:{port}/"]);
        Assert.Contains("Welcome to proxyserver!", index.Output);

        server.Signal("QUIT");
        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(60)), "SIGQUIT (the image's STOPSIGNAL) did not stop it");
        Assert.Contains("\"GET /hello HTTP/1.1\" 200 ", server.StandardOutput); // the main log_format, on stdout
    }
}
