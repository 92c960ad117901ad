using System.Collections.Immutable;
using System.Text.Json;

namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// The last accepted snapshot on disk, so that a proxy started while etcd is down still routes.
/// Written to a temp file in the same directory and renamed over the old one: a reader (or a crash)
/// sees the old file or the new one, never half of one.
/// </summary>
public static class KvCacheFile
{
    private sealed record Document(string Source, long Revision, Dictionary<string, string> Entries);

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static void Write(string path, string sourceName, KvSnapshot snapshot)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, new Document(sourceName, snapshot.Revision, new Dictionary<string, string>(snapshot.Entries)), Options);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>The cached snapshot, or null when there is none; throws <see cref="JsonException"/> on a damaged file.</summary>
    public static KvSnapshot? Read(string path)
    {
        if (!File.Exists(path)) return null;
        using var stream = File.OpenRead(path);
        var document = JsonSerializer.Deserialize<Document>(stream, Options) ?? throw new JsonException("empty cache file");
        var entries = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, document.Entries ?? []);
        return new KvSnapshot(document.Revision, entries, FromCache: true);
    }
}
