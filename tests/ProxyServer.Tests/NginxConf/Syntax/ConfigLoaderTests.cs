using ProxyServer.NginxConf.Syntax;
using ProxyServer.Tests.Infrastructure;

namespace ProxyServer.Tests.NginxConf.Syntax;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("loader");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Load_RelativeInclude_ResolvesAgainstMainFileDirectory()
    {
        Write("mime.types", "types { text/html html; }\n");
        var main = Write("nginx.conf", "http {\n    include mime.types;\n}\n");

        var tree = ConfigLoader.Load(main);

        Assert.Empty(tree.Diagnostics);
        var include = tree.Root.Directives[0].Block![0];
        var file = Assert.Single(include.Includes);
        Assert.Equal(Path.Combine(_dir, "mime.types"), file.Path);
        Assert.Equal(["types"], ConfigTree.Expand(tree.Root.Directives[0].Block!).Select(d => d.Name));
        Assert.Equal(2, tree.Files.Count);
    }

    [Fact]
    public void Load_GlobInclude_IsSortedAndSkipsHiddenFiles()
    {
        Write("conf.d/b.conf", "b;");
        Write("conf.d/a.conf", "a;");
        Write("conf.d/.hidden.conf", "hidden;");
        Write("conf.d/c.txt", "c;");
        var main = Write("nginx.conf", "include conf.d/*.conf;");

        var tree = ConfigLoader.Load(main);

        Assert.Empty(tree.Diagnostics);
        Assert.Equal(["a", "b"], tree.Statements.Select(d => d.Name));
    }

    [Fact]
    public void Load_GlobMatchingNothing_IsFine()
    {
        var main = Write("nginx.conf", "include sites-enabled/*;\nuser x;");

        var tree = ConfigLoader.Load(main);

        Assert.Empty(tree.Diagnostics);
        Assert.Empty(tree.Root.Directives[0].Includes);
    }

    [Fact]
    public void Load_MissingPlainInclude_IsNginxOpenError()
    {
        var main = Write("nginx.conf", "user x;\ninclude\n  missing.conf;\n");

        var tree = ConfigLoader.Load(main);

        var error = Assert.Single(tree.Diagnostics);
        Assert.Equal($"open() \"{Path.Combine(_dir, "missing.conf")}\" failed (2: No such file or directory) in {main}:3", error.NginxText);
    }

    [Fact]
    public void Load_IncludeCycle_IsReportedNotLooped()
    {
        Write("a.conf", "include b.conf;");
        Write("b.conf", "include a.conf;");
        var main = Write("nginx.conf", "include a.conf;");

        var tree = ConfigLoader.Load(main);

        var error = Assert.Single(tree.Diagnostics);
        Assert.Contains("include cycle", error.Message);
        Assert.Equal(Path.Combine(_dir, "b.conf"), error.Position.File);
    }

    [Fact]
    public void Load_FileIncludedTwice_IsParsedOnceAndShared()
    {
        Write("proxy_params", "proxy_set_header Host $host;");
        var main = Write("nginx.conf", "location /a { include proxy_params; }\nlocation /b { include proxy_params; }\n");

        var tree = ConfigLoader.Load(main);

        Assert.Equal(2, tree.Files.Count);
        var first = tree.Root.Directives[0].Block![0].Includes[0];
        var second = tree.Root.Directives[1].Block![0].Includes[0];
        Assert.Same(first, second);
    }

    [Fact]
    public void Load_PrefixOption_ResolvesRelativeIncludes()
    {
        Write("conf/params", "x 1;");
        var main = Write("sites/site.conf", "include params;");

        var tree = ConfigLoader.Load(main, new ConfigLoadOptions { Prefix = Path.Combine(_dir, "conf") });

        Assert.Empty(tree.Diagnostics);
        Assert.Equal(["x"], tree.Statements.Select(d => d.Name));
    }

    [Fact]
    public void Load_MapAbsolutePath_RedirectsAbsoluteIncludes()
    {
        Write("etc/nginx/snippets/x.conf", "x 1;");
        var main = Write("nginx.conf", "include /etc/nginx/snippets/*.conf;");

        var tree = ConfigLoader.Load(main, new ConfigLoadOptions
        {
            MapAbsolutePath = (path, _) => Path.Combine(_dir, path.TrimStart('/')),
        });

        Assert.Equal(["x"], tree.Statements.Select(d => d.Name));
    }

    [Fact]
    public void Load_MissingMainFile_IsOneDiagnostic()
    {
        var path = Path.Combine(_dir, "nope.conf");

        var tree = ConfigLoader.Load(path);

        var error = Assert.Single(tree.Diagnostics);
        Assert.Equal($"open() \"{path}\" failed (2: No such file or directory)", error.Message);
        Assert.Empty(tree.Root.Directives);
    }

    [Fact]
    public void Load_Directory_IsOneDiagnostic()
    {
        var tree = ConfigLoader.Load(_dir);

        var error = Assert.Single(tree.Diagnostics);
        Assert.Equal($"pread() \"{_dir}\" failed (21: Is a directory)", error.Message);
    }

    [Fact]
    public void Load_SyntaxErrorInIncludedFile_NamesThatFile()
    {
        var included = Write("bad.conf", "x \"a\"b;");
        var main = Write("nginx.conf", "include bad.conf;");

        var tree = ConfigLoader.Load(main);

        Assert.Equal($"unexpected \"b\" in {included}:1", Assert.Single(tree.Diagnostics).NginxText);
    }

    [Fact]
    public void Load_Errors_ComeInNginxReadingOrder()
    {
        var included = Write("inc.conf", "b \"x\"y;\n");
        var main = Write("nginx.conf", "a \"x\"1;\ninclude inc.conf;\nc \"x\"2;\n");

        var tree = ConfigLoader.Load(main);

        Assert.Equal(
            [$"unexpected \"1\" in {main}:1", $"unexpected \"y\" in {included}:1", $"unexpected \"2\" in {main}:3"],
            tree.Diagnostics.Select(d => d.NginxText));
    }

    [Fact]
    public void Load_DebianDefaultConfig_ParsesWithoutErrors()
    {
        if (!File.Exists("/etc/nginx/nginx.conf"))
            return;

        var tree = ConfigLoader.Load("/etc/nginx/nginx.conf");

        Assert.Empty(tree.Diagnostics);
        Assert.Contains(tree.Statements, d => d.Name == "http");
    }
}
