using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Distro;

/// <summary>
/// The container image itself (the repository's Dockerfile, built by packaging/image/build-image.sh with
/// podman), run as a compose file runs the official nginx image, on the host's network and a loopback
/// port: a template from /etc/nginx/templates rendered with the defined variables only, served by the
/// image's default command (<c>nginx -g 'daemon off;'</c>) through /docker-entrypoint.sh, the access log on
/// the container's stdout, <c>nginx -t</c> as a command, and <c>podman stop</c> sending the image's
/// STOPSIGNAL (QUIT), after which the server has stopped gracefully (exit 0).
/// Needs podman and the image (<c>PROXYSERVER_IMAGE</c>, default proxyserver:latest): CI installs neither
/// (a self-contained publish and a debootstrap base take minutes), so without them the tests are reported as
/// skipped, with the reason; <see cref="ImageEntrypointTests"/> runs the same files without a runtime.
/// </summary>
[Collection(ImageContainerCollection.Name)]
public sealed class ImageContainerTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("image-run-");
    private readonly string _name = $"proxyserver-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];
    private static readonly string Image = Environment.GetEnvironmentVariable("PROXYSERVER_IMAGE") ?? "proxyserver:latest";

    public void Dispose()
    {
        if (Podman.Available) Podman.Run(["rm", "-f", "-t", "0", _name]);
        TempDirectory.TryDelete(_dir);
    }

    [ImageFact]
    public async Task Image_ServesARenderedTemplate_LogsToStdout_StopsGracefullyOnItsStopSignal()
    {
        var port = FreePort.Next();
        var templates = Directory.CreateDirectory(Path.Combine(_dir, "templates")).FullName;
        // ${NGINX_HOST} and ${NGINX_PORT} are defined and rendered; $uri is nginx's and stays as it is.
        File.WriteAllText(Path.Combine(templates, "default.conf.template"),
            "server {\n    listen 127.0.0.1:${NGINX_PORT};\n    server_name ${NGINX_HOST};\n" +
            "    location / { return 200 \"host=${NGINX_HOST} uri=$uri\\n\"; }\n}\n");

        var (started, id, startError) = Podman.Run([
            "run", "-d", "--name", _name, "--network", "host", .. Podman.RunOptions,
            "-e", $"NGINX_PORT={port}", "-e", "NGINX_HOST=example.test",
            "-v", $"{templates}:/etc/nginx/templates:ro", Image,
        ]);
        Assert.True(started == 0, id + startError);
        FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(60));

        var answer = await Curl.RunAsync(["-s", "--max-time", "10", $"http://127.0.0.1:{port}/hello"]);
        Assert.Equal("host=example.test uri=/hello\n", answer.Output);

        Assert.Equal("3", Podman.Run(["inspect", "--format", "{{.Config.StopSignal}}", _name]).Stdout.Trim()); // SIGQUIT
        var (stopped, _, stopError) = Podman.Run(["stop", "-t", "30", _name]);
        Assert.True(stopped == 0, stopError);
        Assert.Equal("0", Podman.Run(["inspect", "--format", "{{.State.ExitCode}}", _name]).Stdout.Trim());

        var (_, logs, logErrors) = Podman.Run(["logs", _name]);
        Assert.Contains("20-envsubst-on-templates.sh: Running envsubst on /etc/nginx/templates/default.conf.template to /etc/nginx/conf.d/default.conf", logs);
        Assert.Contains("/docker-entrypoint.sh: Configuration complete; ready for start up", logs);
        Assert.Contains("\"GET /hello HTTP/1.1\" 200 ", logs + logErrors); // the access log, linked to stdout
        Assert.Contains($"listening on 127.0.0.1:{port}", logs + logErrors); // the error log, linked to stderr
    }

    [ImageFact]
    public void Image_NginxDashT_TestsTheShippedConfig()
    {
        var (exit, stdout, stderr) = Podman.Run(["run", "--rm", "--network", "host", .. Podman.RunOptions, Image, "nginx", "-t"]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("/docker-entrypoint.sh: Configuration complete; ready for start up", stdout);
        Assert.Contains("the configuration file /etc/nginx/nginx.conf syntax is ok", stderr);
        Assert.Contains("configuration file /etc/nginx/nginx.conf test is successful", stderr);
    }

    /// <summary>podman with the options packaging/image/podman.sh prints for this machine.</summary>
    internal static class Podman
    {
        public static readonly bool Available = File.Exists("/usr/bin/podman");
        private static readonly string[] GlobalOptions = Available ? Options("global") : [];
        public static readonly string[] RunOptions = Available ? Options("run") : [];

        /// <summary>Why the image cannot run here, or null when it can.</summary>
        public static string? Missing(string image) =>
            !Available ? "podman is not installed (apt-get install podman runc debootstrap; packaging/image/build-image.sh builds the image)"
            : Run(["image", "exists", image]).ExitCode != 0 ? $"no image {image} (packaging/image/build-image.sh builds it)"
            : null;

        public static (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> arguments)
        {
            using var process = ManagedProcess.Start("podman", [.. GlobalOptions, .. arguments]);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(180)), $"podman {string.Join(' ', arguments)} did not finish");
            return (process.ExitCode, process.StandardOutput, process.StandardError);
        }

        private static string[] Options(string kind)
        {
            using var process = ManagedProcess.Start("bash", [RepositoryRoot.Combine("packaging", "image", "podman.sh"), kind]);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
            return process.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }
}

/// <summary>One container test at a time: each starts the image on the host's network.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImageContainerCollection
{
    public const string Name = "Container image";
}

/// <summary>A fact that runs only where podman and the image are (skipped, saying why, elsewhere).</summary>
public sealed class ImageFactAttribute : FactAttribute
{
    public ImageFactAttribute()
    {
        if (ImageContainerTests.Podman.Missing(Environment.GetEnvironmentVariable("PROXYSERVER_IMAGE") ?? "proxyserver:latest") is { } why)
            Skip = why;
    }
}
