using ProxyServer.NginxConf.Directives;
using ProxyServer.NginxConf.Directives.Modules;
using ProxyServer.NginxConf.Directives.Values;
using ProxyServer.NginxConf.Syntax;
using ProxyServer.Runtime.Compile;

namespace ProxyServer.Runtime.Proxy;

/// <summary>
/// <c>proxy_buffering</c> and its sizes, merged and checked as ngx_http_proxy_merge_loc_conf does: the upstream
/// response is read as fast as the peer sends it into <see cref="BufferCount"/> memory buffers of
/// <see cref="BufferSize"/>, then into a temp file under <see cref="TempPath"/> of up to <see cref="MaxTempFileSize"/>
/// bytes (0: none), and the client is sent what was read (<see cref="BufferedResponseBody"/>). The response header
/// must fit in <see cref="HeaderBufferSize"/> (<c>proxy_buffer_size</c>), whether buffering is on or not.
/// </summary>
public sealed record ResponseBuffering(bool On, long HeaderBufferSize, int BufferCount, long BufferSize, long MaxTempFileSize, long TempFileWriteSize, string TempPath)
{
    /// <summary>nginx's defaults on a 4 KiB page: on, 4k, 8 4k, 1024m, the system's temp directory (nginx: its compiled-in proxy_temp).</summary>
    public static readonly ResponseBuffering Default = new(true, 4096, 8, 4096, 1024L * 1024 * 1024, 8192, Path.GetTempPath());

    /// <summary>The memory the buffers hold at most.</summary>
    public long MemoryCapacity => BufferCount * BufferSize;

    public static ResponseBuffering Compile(DirectiveScope scope, CompileContext context)
    {
        var on = scope.Get(ProxyDirectives.Buffering, context);
        var headerSize = scope.Get(ProxyDirectives.BufferSize, context);
        var (count, size) = (8, 4096L);
        if (scope.Nearest(ProxyDirectives.Buffers) is { Args.Count: 2 } buffers
            && int.TryParse(buffers.Args[0].Value, out var n) && NginxSize.TryParse(buffers.Args[1].Value, out var s))
            (count, size) = (n, s);
        var at = scope.Nearest(ProxyDirectives.Buffers)?.Position;
        if (count < 2)
        {
            context.Error("there must be at least 2 \"proxy_buffers\"", at!.Value);
            return Default;
        }
        // the larger of proxy_buffer_size and one proxy_buffers: the least the busy buffers, a temp-file write and the temp file must take
        var least = Math.Max(headerSize, size);
        var busy = SizeOrNull(scope, ProxyDirectives.BusyBuffersSize, out var busyAt) ?? 2 * least;
        if (busy < least)
        {
            context.Error("\"proxy_busy_buffers_size\" must be equal to or greater than the maximum of the value of \"proxy_buffer_size\" and one of the \"proxy_buffers\"", Where(busyAt, scope));
            return Default;
        }
        if (busy > (count - 1) * size)
        {
            context.Error("\"proxy_busy_buffers_size\" must be less than the size of all \"proxy_buffers\" minus one buffer", Where(busyAt ?? at, scope));
            return Default;
        }
        var writeSize = SizeOrNull(scope, ProxyDirectives.TempFileWriteSize, out var writeAt) ?? 2 * least;
        if (writeSize < least)
        {
            context.Error("\"proxy_temp_file_write_size\" must be equal to or greater than the maximum of the value of \"proxy_buffer_size\" and one of the \"proxy_buffers\"", Where(writeAt, scope));
            return Default;
        }
        var maxTemp = SizeOrNull(scope, ProxyDirectives.MaxTempFileSize, out var maxAt) ?? Default.MaxTempFileSize;
        if (maxTemp != 0 && maxTemp < least)
        {
            context.Error("\"proxy_max_temp_file_size\" must be equal to zero to disable temporary files usage or must be equal to or greater than the maximum of the value of \"proxy_buffer_size\" and one of the \"proxy_buffers\"", Where(maxAt, scope));
            return Default;
        }
        var tempPath = Default.TempPath;
        if (scope.Nearest(ProxyDirectives.TempPath) is { Args.Count: > 0 } path)
        {
            // ngx_create_paths: made before the configuration serves
            tempPath = context.ResolvePath(path.Args[0].Value);
            if (!context.Directories.Contains(tempPath)) context.Directories.Add(tempPath);
        }
        return new ResponseBuffering(on, headerSize, count, size, maxTemp, writeSize, tempPath);
    }

    private static long? SizeOrNull(DirectiveScope scope, DirectiveKey key, out SourcePosition? at)
    {
        at = null;
        if (scope.Nearest(key) is not { Args.Count: 1 } directive || !NginxSize.TryParse(directive.Args[0].Value, out var bytes)) return null;
        at = directive.Position;
        return bytes;
    }

    /// <summary>The directive at fault, or (a default at fault) proxy_buffer_size or the location's own block (nginx names the end of the block it merges).</summary>
    private static SourcePosition Where(SourcePosition? at, DirectiveScope scope) =>
        at ?? scope.Nearest(ProxyDirectives.BufferSize)?.Position ?? scope.Owner?.Position ?? default;
}
