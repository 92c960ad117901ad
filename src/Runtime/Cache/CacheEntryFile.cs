using System.Text;

namespace ProxyServer.Runtime.Cache;

/// <summary>
/// What a cache entry's header holds (nginx's <c>ngx_http_file_cache_header_t</c> plus the key line and the
/// upstream's response header): validity in Unix seconds, the <c>stale-while-revalidate</c> and
/// <c>stale-if-error</c> windows, Last-Modified and ETag for revalidation, the Vary names and this variant's
/// values, the status and the upstream's headers as it sent them (hop-by-hop ones left out).
/// </summary>
public sealed record CacheEntryHeader
{
    public required string Key { get; init; }
    public long ValidSec { get; set; }
    public long UpdatingSec { get; init; }
    public long ErrorSec { get; init; }
    public long Date { get; set; }
    /// <summary>-1: none.</summary>
    public long LastModified { get; init; } = -1;
    public string? ETag { get; init; }
    public string? Vary { get; init; }
    public string Variant { get; init; } = "";
    public int Status { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    /// <summary>Where the body starts in the file.</summary>
    public int BodyStart { get; set; }
    /// <summary>The body's length, written once the body is complete (-1 while it is being written).</summary>
    public long BodyLength { get; set; } = -1;
}

/// <summary>
/// Our on-disk form of an entry (nginx's format is not needed, its keys, validity and eviction are): a
/// fixed part whose fields are rewritten in place (body length at the end of a write, validity on
/// revalidation, as ngx_http_file_cache_update_header), the variable part, then the body.
/// </summary>
public static class CacheEntryFile
{
    private static readonly byte[] Magic = "PXCACHE1"u8.ToArray();
    private const int BodyLengthAt = 12;
    private const int ValidAt = 20;

    public static void WriteHeader(Stream stream, CacheEntryHeader header)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(0); // body start, below
        writer.Write(header.BodyLength);
        writer.Write(header.ValidSec);
        writer.Write(header.Date);
        writer.Write(header.UpdatingSec);
        writer.Write(header.ErrorSec);
        writer.Write(header.LastModified);
        writer.Write(header.Status);
        writer.Write(header.Key);
        writer.Write(header.ETag ?? "");
        writer.Write(header.Vary ?? "");
        writer.Write(header.Variant);
        writer.Write(header.Headers.Count);
        foreach (var (name, value) in header.Headers)
        {
            writer.Write(name);
            writer.Write(value);
        }
        writer.Flush();
        header.BodyStart = (int)stream.Position;
        stream.Position = Magic.Length;
        writer.Write(header.BodyStart);
        writer.Flush();
        stream.Position = header.BodyStart;
    }

    /// <summary>Writes the body's length once it is complete: an entry without it is never served.</summary>
    public static void Complete(Stream stream, long bodyLength)
    {
        stream.Position = BodyLengthAt;
        stream.Write(BitConverter.GetBytes(bodyLength));
    }

    /// <summary>ngx_http_file_cache_update_header: a revalidated entry's new validity and date.</summary>
    public static void UpdateValidity(string path, long validSec, long date)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Position = ValidAt;
        stream.Write(BitConverter.GetBytes(validSec));
        stream.Write(BitConverter.GetBytes(date));
    }

    /// <summary>The header of an open entry, or null when the file is not a complete entry (truncated, foreign, half written).</summary>
    public static CacheEntryHeader? ReadHeader(FileStream stream)
    {
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) return null;
            var bodyStart = reader.ReadInt32();
            var bodyLength = reader.ReadInt64();
            var valid = reader.ReadInt64();
            var date = reader.ReadInt64();
            var updating = reader.ReadInt64();
            var error = reader.ReadInt64();
            var lastModified = reader.ReadInt64();
            var status = reader.ReadInt32();
            var key = reader.ReadString();
            var etag = reader.ReadString();
            var vary = reader.ReadString();
            var variant = reader.ReadString();
            var count = reader.ReadInt32();
            if (count is < 0 or > 10_000 || bodyLength < 0 || bodyStart <= 0) return null;
            var headers = new List<KeyValuePair<string, string>>(count);
            for (var i = 0; i < count; i++) headers.Add(new(reader.ReadString(), reader.ReadString()));
            if (stream.Position != bodyStart || stream.Length != bodyStart + bodyLength) return null;
            return new CacheEntryHeader
            {
                Key = key, ValidSec = valid, Date = date, UpdatingSec = updating, ErrorSec = error, LastModified = lastModified,
                Status = status, ETag = etag.Length == 0 ? null : etag, Vary = vary.Length == 0 ? null : vary, Variant = variant,
                Headers = headers, BodyStart = bodyStart, BodyLength = bodyLength,
            };
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
