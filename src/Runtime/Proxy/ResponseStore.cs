using System.Runtime.InteropServices;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.Runtime.Compile;
using ProxyServer.Runtime.Core;
using ProxyServer.Runtime.Http;
using ProxyServer.Runtime.Logging;
using ProxyServer.Runtime.Static;
using ProxyServer.Runtime.Variables;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// <c>proxy_store on|off|PATH</c> and <c>proxy_store_access</c> (ngx_http_proxy_store, ngx_conf_set_access_slot,
/// ngx_http_upstream_store): a 200 response the peer sent whole, with buffering on, is kept as a file at
/// <see cref="Path"/> (with variables) or, for <c>on</c>, at the request's URI mapped by <c>root</c>/<c>alias</c>.
/// Its body is written to a temp file under <c>proxy_temp_path</c> as it streams to the client
/// (<see cref="Upstream.TeeContent"/>), then renamed into place with the <see cref="Access"/> mode, the
/// directories made on the way; a body cut short, or any other status, leaves nothing.
/// </summary>
public sealed class ResponseStore
{
    /// <summary>The path to store at (its value with variables); null for <c>on</c>, the URI mapped to a file.</summary>
    public ComplexValue? Path { get; private init; }

    /// <summary><c>root</c>/<c>alias</c> of the location, for <c>proxy_store on</c>.</summary>
    private DocumentRoot? _root;

    /// <summary>The stored file's mode (<c>proxy_store_access</c>, 0600 unset); its directories get an x beside each r.</summary>
    public UnixFileMode Access { get; private init; }

    /// <summary>
    /// ngx_http_proxy_merge_loc_conf: <c>proxy_store</c> of the nearest level that sets it, unless a nearer level
    /// sets <c>proxy_cache</c> (one cancels the other inherited; both at one level are refused by the check).
    /// Null when nothing is stored.
    /// </summary>
    public static ResponseStore? Compile(DirectiveScope scope, CompileContext context)
    {
        var access = scope.Nearest(ProxyDirectives.StoreAccess) is { } accessDirective
            ? FileAccessMode.Parse(accessDirective.Args.Select(a => a.Value), out _) ?? FileAccessMode.Default
            : FileAccessMode.Default;
        for (var level = scope; level is not null; level = level.Parent)
        {
            if (level.OwnFirst(ProxyDirectives.Store) is { Args.Count: 1 } store)
            {
                var value = store.Args[0].Value;
                if (value == "off") return null;
                return value == "on"
                    ? new ResponseStore { _root = DocumentRoot.Compile(scope, context), Access = (UnixFileMode)access }
                    : new ResponseStore { Path = ComplexValue.Compile(value, context, store.Position), Access = (UnixFileMode)access };
            }
            if (level.OwnFirst(ProxyDirectives.Cache) is { Args.Count: 1 } cache && cache.Args[0].Value != "off") return null;
        }
        return null;
    }

    /// <summary>
    /// ngx_http_upstream_send_response with <c>u->store</c>: only a buffered 200's body is written out (without buffering
    /// nginx keeps nothing), teed as the forwarder reads it.
    /// </summary>
    public void Offer(NginxRequest request, HttpResponseMessage response, ResponseBuffering? buffering, string upstream)
    {
        if (buffering is null || (int)response.StatusCode != 200 || response.Content is null) return;
        // ngx_http_proxy_input_filter_init: no body follows the head of a HEAD's answer, whatever its Content-Length
        var announced = response.RequestMessage?.Method == HttpMethod.Head ? 0 : response.Content.Headers.ContentLength;
        var lastModified = response.Content.Headers.TryGetValues("Last-Modified", out var lm) ? HttpTime.Parse(lm.First()) : -1;
        response.Content = new Upstream.TeeContent(response.Content,
            new ResponseStoreFile(this, request, buffering.TempPath, announced, lastModified, upstream));
    }

    /// <summary>The path the file takes for this request (a byte string), or null where nginx stores nothing.</summary>
    internal string? Target(NginxRequest request)
    {
        if (Path is { } path) return path.Evaluate(request);
        return _root!.Map(request, request.Uri)?.Path;
    }
}

/// <summary>
/// One response being stored: a temp file under <c>proxy_temp_path</c> written as the body streams, renamed into
/// place when the body ended whole (ngx_http_upstream_process_request's check, then ngx_http_upstream_store and
/// ngx_ext_rename_file), removed otherwise. A failing write, mkdir or rename is logged as nginx logs it; the
/// client's response never waits on it or fails with it.
/// </summary>
internal sealed class ResponseStoreFile(ResponseStore store, NginxRequest request, string tempPath, long? announced, long lastModified, string upstream)
    : Upstream.IUpstreamBodyCopy
{
    private string? _temp;
    private FileStream? _file;
    private long _written;
    private bool _finished;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> block)
    {
        if (_finished || block.IsEmpty) return;
        try
        {
            if (_file is null)
            {
                _temp = System.IO.Path.Combine(tempPath, $"{Random.Shared.NextInt64(1, 10_000_000_000):D10}");
                _file = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            }
            await _file.WriteAsync(block);
            _written += block.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log(_file is null ? $"open() \"{_temp}\" failed" : $"write() \"{_temp}\" failed", e);
            Abort();
        }
    }

    /// <summary>The body ended: stored when it is whole (the announced length, or a close-delimited one), dropped otherwise.</summary>
    public async ValueTask CompleteAsync()
    {
        if (_finished) return;
        if (announced is { } length && length != _written)
        {
            Abort();
            return;
        }
        _finished = true;
        var temp = _temp;
        if (_file is { } file)
        {
            try
            {
                await file.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log($"write() \"{temp}\" failed", e);
                TryDelete(temp!);
                return;
            }
            _file = null;
        }
        // ngx_http_upstream_store: an empty path stores nothing; a body that never came has no temp file to rename
        if (store.Target(request) is not { Length: > 0 } target || temp is null)
        {
            if (temp is not null) TryDelete(temp);
            return;
        }
        Rename(temp, FilePath.ToOs(target));
    }

    /// <summary>The body did not end as it should (the peer cut it short, the client left): no file.</summary>
    public void Abort()
    {
        if (_finished) return;
        _finished = true;
        if (_file is { } file)
        {
            try { file.Dispose(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            _file = null;
        }
        if (_temp is not null) TryDelete(_temp);
    }

    /// <summary>
    /// ngx_ext_rename_file: the temp file gets the store's mode and the peer's Last-Modified, then rename(); a
    /// missing directory is made (ngx_create_full_path) and the rename tried once more. What fails is logged at
    /// crit and the temp file removed. Across file systems .NET's move copies, as nginx's ngx_copy_file does.
    /// </summary>
    private void Rename(string temp, string target)
    {
        try
        {
            File.SetUnixFileMode(temp, store.Access);
            if (lastModified >= 0)
            {
                File.SetLastWriteTimeUtc(temp, DateTimeOffset.FromUnixTimeSeconds(lastModified).UtcDateTime);
                File.SetLastAccessTimeUtc(temp, DateTime.UtcNow);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log($"chmod() \"{temp}\" failed", e);
            TryDelete(temp);
            return;
        }
        if (TryMove(temp, target, out var error)) return;
        if (error == ENOENT)
        {
            if (CreateFullPath(target, DirectoryAccess((int)store.Access)) is { } mkdir)
            {
                Log($"mkdir() \"{mkdir.Path}\" failed", mkdir.Errno);
                TryDelete(temp);
                return;
            }
            if (TryMove(temp, target, out error)) return;
        }
        TryDelete(temp);
        // a failed copy across file systems was logged as it failed
        if (error != 0) Log($"rename() \"{temp}\" to \"{target}\" failed", error);
    }

    private const int ENOENT = 2, EEXIST = 17, EACCES = 13, EXDEV = 18;

    /// <summary>
    /// rename(2), for its own errno (.NET's move calls ENOTDIR a missing directory); across file systems, nginx's copy
    /// beside the target (<c>TARGET.NNNNNNNNNN</c>, which keeps the mode and times) renamed over it, the temp file removed.
    /// </summary>
    private bool TryMove(string from, string to, out int errno)
    {
        errno = 0;
        if (rename(from, to) == 0) return true;
        errno = Marshal.GetLastPInvokeError();
        if (errno != EXDEV) return false;
        var copy = $"{to}.{Random.Shared.NextInt64(0, 4_294_967_296):D10}";
        try
        {
            File.Copy(from, copy);
            File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(from));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log($"open() \"{copy}\" failed", e);
            TryDelete(copy);
            errno = 0;
            return false;
        }
        if (rename(copy, to) != 0)
        {
            Log($"rename() \"{copy}\" to \"{to}\" failed", Marshal.GetLastPInvokeError());
            TryDelete(copy);
            errno = 0;
            return false;
        }
        TryDelete(from);
        return true;
    }

    /// <summary>ngx_dir_access: a directory gets x wherever the file has r.</summary>
    private static int DirectoryAccess(int access) => access | (access & 0x124) >> 2;

    /// <summary>
    /// ngx_create_full_path: mkdir() of each directory of <paramref name="path"/> in turn; one that exists is
    /// passed, a denied one noted and passed (a later one may still be made), any other failure ends it. The failing
    /// path is the directory's own: nginx cut the string there and logs it so.
    /// </summary>
    private static (string Path, int Errno)? CreateFullPath(string path, int access)
    {
        var err = 0;
        for (var at = path.IndexOf('/', 1); at > 0; at = path.IndexOf('/', at + 1))
        {
            var directory = path[..at];
            if (mkdir(directory, (uint)access) == 0) continue;
            err = Marshal.GetLastPInvokeError();
            if (err == EEXIST) err = 0;
            else if (err != EACCES) return (directory, err);
        }
        // a denied directory's EACCES stays (unless a later one exists), logged with the whole path
        return err == 0 ? null : (path, err);
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static extern int mkdir([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The errno behind a .NET file exception (its HResult on Unix), EACCES for a denied access.</summary>
    private static int Errno(Exception e) => e switch
    {
        UnauthorizedAccessException => EACCES,
        DirectoryNotFoundException => ENOENT,
        FileNotFoundException => ENOENT,
        _ when e.HResult is > 0 and < 4096 => e.HResult,
        _ => 5,
    };

    private void Log(string what, Exception e) => Log(what, Errno(e));

    /// <summary>nginx's crit line: the call, the errno and its text, " while reading upstream" and the upstream.</summary>
    private void Log(string what, int errno) =>
        request.ErrorLog.Write(LogLevel.Crit, request, $"{what} ({errno}: {Marshal.GetPInvokeErrorMessage(errno)}) while reading upstream", upstream);
}
