namespace ProxyServer.Tests.Infrastructure;

public static class TempDirectory
{
    public static string Create(string namePrefix) => CreateUnder(Path.GetTempPath(), namePrefix);

    /// <summary>
    /// A directory in memory (/dev/shm) where the machine has one, else in the temp directory: for
    /// servers that fsync every write (etcd), whose commits otherwise wait on a loaded disk.
    /// </summary>
    public static string CreateInMemory(string namePrefix) =>
        CreateUnder(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), namePrefix);

    private static string CreateUnder(string root, string namePrefix)
    {
        var path = Path.Combine(root, "proxyserver-tests", namePrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
