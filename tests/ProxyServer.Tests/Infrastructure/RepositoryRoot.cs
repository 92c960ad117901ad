namespace ProxyServer.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the directory holding ProxyServer.sln above the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ProxyServer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("ProxyServer.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Path => Root.Value;

    /// <summary>A path inside the checkout, from its parts (<c>Combine("packaging", "image")</c>).</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
