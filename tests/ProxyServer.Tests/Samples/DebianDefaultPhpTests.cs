using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.Samples;

/// <summary>
/// samples/sites-available/default (Debian's stock site) with its PHP block uncommented, as a Debian admin
/// enables it: <c>include snippets/fastcgi-php.conf;</c> and <c>fastcgi_pass unix:...;</c>, beside Debian's own
/// <c>snippets/fastcgi-php.conf</c>, <c>fastcgi.conf</c> and <c>mime.types</c> copied unchanged from
/// /etc/nginx. Debian's nginx and we serve it in the same layout, to the same PHP-FPM: the same answers for a
/// script, a script with PATH_INFO, a missing script (the snippet's <c>try_files $fastcgi_script_name =404</c>)
/// and a static file.
/// </summary>
public sealed class DebianDefaultPhpTests(DebianDefaultPhpTests.Servers servers) : IClassFixture<DebianDefaultPhpTests.Servers>
{
    public sealed class Servers : IDisposable
    {
        private readonly List<string> _prefixes = [];
        private readonly ManagedProcess _nginx;

        public Servers()
        {
            Php = PhpFpmInstance.Start(new Dictionary<string, string>
            {
                ["index.php"] = "<?php echo 'script=', $_SERVER['SCRIPT_NAME'], ' path_info=', $_SERVER['PATH_INFO'] ?? '(unset)', ' file=', basename($_SERVER['SCRIPT_FILENAME']), \"\\n\";",
                ["hello.txt"] = "static hello\n",
            });
            NginxPort = FreePort.Next();
            OurPort = FreePort.Next();
            var nginxPrefix = Layout(NginxPort);
            _nginx = ManagedProcess.Start(NginxInstance.Binary, ["-p", nginxPrefix + "/", "-c", Path.Combine(nginxPrefix, "nginx.conf"), "-e", Path.Combine(nginxPrefix, "error.log")]);
            FreePort.WaitUntilListening(NginxPort, TimeSpan.FromSeconds(10));
            Ours = ProxyServerInstance.StartInPrefix(Layout(OurPort), "nginx.conf");
            FreePort.WaitUntilListening(OurPort, TimeSpan.FromSeconds(10));
        }

        public PhpFpmInstance Php { get; }
        public ProxyServerInstance Ours { get; }
        public int NginxPort { get; }
        public int OurPort { get; }

        /// <summary>A copy of Debian's /etc/nginx layout serving the sample on <paramref name="port"/>.</summary>
        private string Layout(int port)
        {
            var prefix = TempDirectory.Create("debian-default-");
            _prefixes.Add(prefix);
            Directory.CreateDirectory(Path.Combine(prefix, "snippets"));
            Directory.CreateDirectory(Path.Combine(prefix, "sites-enabled"));
            foreach (var file in new[] { "fastcgi.conf", "fastcgi_params", "mime.types", "snippets/fastcgi-php.conf" })
                File.Copy(Path.Combine("/etc/nginx", file), Path.Combine(prefix, file));
            File.WriteAllText(Path.Combine(prefix, "sites-enabled", "default"), EnablePhp(File.ReadAllText(Path.Combine(SamplesCheckTests.SamplesDirectory, "default")), port));
            File.WriteAllText(Path.Combine(prefix, "nginx.conf"), TestServerConfig.Main(prefix,
                $"http {{\n    access_log off;\n    include mime.types;\n    fastcgi_temp_path {prefix}/fastcgi;\n    client_body_temp_path {prefix}/body;\n    include sites-enabled/default;\n}}\n"));
            return prefix;
        }

        /// <summary>What an admin changes: the PHP block uncommented (the unix socket line), the port, the root.</summary>
        private string EnablePhp(string site, int port)
        {
            var lines = site.Split('\n').ToList();
            var start = lines.FindIndex(l => l.TrimStart().StartsWith("#location ~ \\.php$", StringComparison.Ordinal));
            Assert.True(start >= 0, "the sample has Debian's commented PHP block");
            for (var i = start; i < lines.Count; i++)
            {
                var line = lines[i].TrimStart('\t', ' ');
                if (line.StartsWith("#\tfastcgi_pass 127.0.0.1", StringComparison.Ordinal)) { lines[i] = ""; continue; }
                if (line.StartsWith("#\tfastcgi_pass unix:", StringComparison.Ordinal)) { lines[i] = $"\tfastcgi_pass unix:{Php.Socket};"; continue; }
                lines[i] = "\t" + line.TrimStart('#');
                if (line.StartsWith("#}", StringComparison.Ordinal)) break;
            }
            return string.Join('\n', lines)
                .Replace("listen 80 default_server;", $"listen 127.0.0.1:{port} default_server;")
                .Replace("listen [::]:80 default_server;", "")
                .Replace("root /var/www/html;", $"root {Php.Root};");
        }

        public void Dispose()
        {
            Ours.Dispose();
            _nginx.Dispose();
            Php.Dispose();
            foreach (var prefix in _prefixes) TempDirectory.TryDelete(prefix);
        }
    }

    [Theory]
    [InlineData("/index.php")]
    [InlineData("/index.php?x=1")]
    [InlineData("/missing.php")]
    [InlineData("/hello.txt")]
    public async Task PhpBlock_SameAnswerAsNginx(string path)
    {
        var nginx = await RawHttp.SendAsync(servers.NginxPort, RawHttp.Get(path, "example.com"));
        var ours = await RawHttp.SendAsync(servers.OurPort, RawHttp.Get(path, "example.com"));
        Assert.Equal(DifferentialPair.Describe(nginx, [servers.NginxPort]), DifferentialPair.Describe(ours, [servers.OurPort]));
        Assert.Equal(nginx.Header("Content-Type"), ours.Header("Content-Type"));
        if (path.StartsWith("/index.php", StringComparison.Ordinal)) Assert.StartsWith("script=/index.php path_info= file=index.php", ours.Body);
    }
}
