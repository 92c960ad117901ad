using Google.Protobuf;

namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>etcd's key encoding: UTF-8 bytes; a prefix is the range [prefix, prefix with its last byte + 1).</summary>
internal static class EtcdKeys
{
    public static ByteString Key(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>The range end that selects every key starting with <paramref name="prefix"/> (etcd's "prefix end").</summary>
    public static ByteString PrefixEnd(string prefix)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }
        // All 0xff (or empty): "every key from here on" is spelled as a single zero byte.
        return ByteString.CopyFrom(0);
    }
}
