namespace ProxyServer.Runtime.SplitClients;

/// <summary>ngx_murmur_hash2 (Austin Appleby's MurmurHash2, seed 0, little-endian blocks), as split_clients buckets keys.</summary>
public static class MurmurHash2
{
    private const uint M = 0x5bd1e995;

    public static uint Hash(ReadOnlySpan<byte> data)
    {
        var h = (uint)data.Length;
        while (data.Length >= 4)
        {
            var k = data[0] | (uint)data[1] << 8 | (uint)data[2] << 16 | (uint)data[3] << 24;
            k *= M;
            k ^= k >> 24;
            k *= M;
            h *= M;
            h ^= k;
            data = data[4..];
        }
        switch (data.Length)
        {
            case 3:
                h ^= (uint)data[2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[1] << 8;
                goto case 1;
            case 1:
                h ^= data[0];
                h *= M;
                break;
        }
        h ^= h >> 13;
        h *= M;
        h ^= h >> 15;
        return h;
    }
}
