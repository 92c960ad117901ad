namespace ProxyServer.Runtime.Upstream;

/// <summary>
/// nginx's <c>ngx_crc32</c>: the IEEE CRC-32 (reflected 0xEDB88320, init and final xor 0xFFFFFFFF)
/// with its init/update/final split, which the consistent hash needs to extend a base hash.
/// </summary>
public static class NginxCrc32
{
    private static readonly uint[] Table = BuildTable();

    public const uint Init = 0xFFFFFFFF;

    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    public static uint Final(uint crc) => crc ^ 0xFFFFFFFF;

    public static uint Compute(ReadOnlySpan<byte> data) => Final(Update(Init, data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
