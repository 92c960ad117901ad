namespace ProxyServer.Tests.Infrastructure;

public static class TempDirectory
{
    public static string Create(string namePrefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "proxyserver-tests", namePrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
