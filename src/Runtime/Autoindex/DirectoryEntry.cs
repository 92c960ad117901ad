using System.Text;
using ProxyServer.Runtime.Core;

namespace ProxyServer.Runtime.Autoindex;

/// <summary>
/// One entry of a listed directory as ngx_http_autoindex_handler keeps it: the name (a byte string, one char a
/// byte), directory or regular file as stat() says through symlinks (a broken link is neither, with lstat()'s
/// figures), modification time in seconds and size.
/// </summary>
internal sealed record DirectoryEntry(string Name, bool IsDirectory, bool IsFile, long MTime, long Size)
{
    /// <summary>The entries of the directory not starting with '.', or null when it cannot be opened.</summary>
    public static List<DirectoryEntry>? ReadAll(string bytePath)
    {
        var os = FilePath.ToOs(bytePath);
        var entries = new List<DirectoryEntry>();
        try
        {
            foreach (var info in new DirectoryInfo(os).EnumerateFileSystemInfos())
            {
                if (info.Name.StartsWith('.')) continue;
                if (Entry(info) is { } entry) entries.Add(entry);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }
        return entries;
    }

    private static DirectoryEntry? Entry(FileSystemInfo info)
    {
        var name = ByteString.FromBytes(Encoding.UTF8.GetBytes(info.Name));
        try
        {
            var target = info;
            if (info.LinkTarget is { } link)
            {
                // ngx_de_info (stat) follows the link; when its target is gone, ngx_de_link_info (lstat) describes the link
                var final = info.ResolveLinkTarget(returnFinalTarget: true);
                if (final is null || !final.Exists)
                    return new DirectoryEntry(name, false, false, Seconds(info.LastWriteTimeUtc), Encoding.UTF8.GetByteCount(link));
                target = final;
            }
            return target switch
            {
                DirectoryInfo directory => new DirectoryEntry(name, true, false, Seconds(directory.LastWriteTimeUtc), 4096),
                FileInfo file => new DirectoryEntry(name, false, true, Seconds(file.LastWriteTimeUtc), file.Length),
                _ => null,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ngx_de_info failing with EACCES: the entry is skipped (logged at crit by nginx)
            return null;
        }
    }

    private static long Seconds(DateTime utc) => new DateTimeOffset(utc).ToUnixTimeSeconds();

    /// <summary>ngx_http_autoindex_cmp_entries: directories first, then by name as strcmp orders bytes.</summary>
    public static int Compare(DirectoryEntry first, DirectoryEntry second)
    {
        if (first.IsDirectory && !second.IsDirectory) return -1;
        if (!first.IsDirectory && second.IsDirectory) return 1;
        return string.CompareOrdinal(first.Name, second.Name);
    }
}
