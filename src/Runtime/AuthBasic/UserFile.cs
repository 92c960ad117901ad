using System.Collections.Concurrent;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Logging;

namespace ProxyServer.Runtime.AuthBasic;

/// <summary>
/// The entries of an <c>auth_basic_user_file</c>, as nginx's scan of it finds them
/// (ngx_http_auth_basic_handler): a line is <c>user:password[:comment]</c>, the password ends at
/// ':', CR or LF; lines starting with '#' or CR and empty lines are skipped; the first line of a
/// user wins. Byte strings throughout.
/// </summary>
public sealed class UserFile(IReadOnlyDictionary<string, string> passwords)
{
    public string? PasswordOf(string user) => passwords.GetValueOrDefault(user);

    public static UserFile Parse(ReadOnlySpan<byte> content)
    {
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        while (content.Length > 0)
        {
            var newline = content.IndexOf((byte)'\n');
            var line = newline < 0 ? content : content[..newline];
            content = newline < 0 ? [] : content[(newline + 1)..];
            if (line.Length == 0 || line[0] is (byte)'#' or (byte)'\r') continue;
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue;
            var password = line[(colon + 1)..];
            var end = password.IndexOfAny((byte)':', (byte)'\r', (byte)0);
            if (end >= 0) password = password[..end];
            passwords.TryAdd(ByteString.FromBytes(line[..colon]), ByteString.FromBytes(password));
        }
        return new UserFile(passwords);
    }
}

/// <summary>Why a user file could not be read: nginx's status, log level and line for it.</summary>
public sealed record UserFileFailure(int Status, LogLevel Level, string Message);

/// <summary>
/// The user files of one model, read again only when a file's modification time or size changed:
/// nginx opens and scans the file on every request, so a changed file applies without a reload;
/// here a stat per request says whether the last scan still holds. Bounded: a path built from
/// variables cannot grow it without end.
/// </summary>
public sealed class UserFileCache
{
    private const int MaxFiles = 256;

    private sealed record Snapshot(long MTimeTicks, long Length, UserFile File);

    private readonly ConcurrentDictionary<string, Snapshot> _files = new(StringComparer.Ordinal);

    /// <summary>The file at <paramref name="path"/> (a byte string), or why nginx would fail to read it.</summary>
    public (UserFile? File, UserFileFailure? Failure) Read(string path)
    {
        var os = Core.FilePath.ToOs(path);
        try
        {
            // open() of a directory succeeds; nginx's read of it fails.
            if (Directory.Exists(os))
                return (null, new UserFileFailure(500, LogLevel.Crit, $"pread() \"{path}\" failed (21: Is a directory)"));
            var info = new FileInfo(os);
            if (!info.Exists) return (null, Missing(path, os));
            var mtime = info.LastWriteTimeUtc.Ticks;
            if (_files.TryGetValue(path, out var cached) && cached.MTimeTicks == mtime && cached.Length == info.Length)
                return (cached.File, null);
            var file = UserFile.Parse(File.ReadAllBytes(os));
            if (_files.Count >= MaxFiles) _files.Clear();
            _files[path] = new Snapshot(mtime, info.Length, file);
            return (file, null);
        }
        catch (UnauthorizedAccessException)
        {
            return (null, new UserFileFailure(500, LogLevel.Crit, $"open() \"{path}\" failed (13: Permission denied)"));
        }
        catch (FileNotFoundException)
        {
            return (null, Missing(path, os));
        }
        catch (DirectoryNotFoundException)
        {
            return (null, Missing(path, os));
        }
        catch (IOException e)
        {
            return (null, new UserFileFailure(500, LogLevel.Crit, $"open() \"{path}\" failed ({e.Message})"));
        }
    }

    /// <summary>ENOENT is a 403 at error level; ENOTDIR (a file where a directory should be) a 500 at crit.</summary>
    private static UserFileFailure Missing(string path, string os)
    {
        for (var parent = Path.GetDirectoryName(os); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent)) return new UserFileFailure(500, LogLevel.Crit, $"open() \"{path}\" failed (20: Not a directory)");
            if (Directory.Exists(parent)) break;
        }
        return new UserFileFailure(403, LogLevel.Error, $"open() \"{path}\" failed (2: No such file or directory)");
    }
}
