using System.Text;

namespace ProxyServer.Runtime.Core;

/// <summary>What opening a path found, in the terms nginx's handlers decide by (errno classes).</summary>
public enum FileKind { Missing, Forbidden, Directory, File }

/// <summary>A probed path: what it is, and for a regular file its size and modification time.</summary>
public readonly record struct FileProbe(FileKind Kind, long Size, long MTime, string OsPath);

/// <summary>
/// The file system edge: byte-string paths (as nginx builds them from URIs) become OS paths
/// (Linux file names are bytes; .NET names are UTF-16 read as UTF-8), and a stat says what is there.
/// </summary>
public static class FilePath
{
    public static string ToOs(string bytePath) => Encoding.UTF8.GetString(ByteString.ToBytes(bytePath));

    /// <summary>
    /// nginx's open of a path (ngx_open_cached_file): a directory, a regular file with size and
    /// mtime, missing (ENOENT, ENOTDIR, too long: 404) or forbidden (EACCES: 403).
    /// </summary>
    public static FileProbe Probe(string bytePath)
    {
        var os = ToOs(bytePath);
        try
        {
            // A trailing slash on a file is ENOTDIR for open(); .NET would ignore it.
            if (Directory.Exists(os)) return new FileProbe(FileKind.Directory, 0, 0, os);
            if (os.EndsWith('/') || !File.Exists(os)) return new FileProbe(FileKind.Missing, 0, 0, os);
            var info = new FileInfo(os);
            if (info.LinkTarget is not null) info = (FileInfo?)info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            var mtime = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds();
            return new FileProbe(FileKind.File, info.Length, mtime, os);
        }
        catch (UnauthorizedAccessException)
        {
            return new FileProbe(FileKind.Forbidden, 0, 0, os);
        }
        catch (IOException)
        {
            return new FileProbe(FileKind.Missing, 0, 0, os);
        }
    }

    /// <summary>The errno text nginx appends to "open() ... failed".</summary>
    public static string ErrnoText(FileKind kind) => kind == FileKind.Forbidden ? "13: Permission denied" : "2: No such file or directory";
}
