using Google.Protobuf;
using Grpc.Net.Client;

namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// etcd's key encoding (UTF-8 bytes; a prefix is the range [prefix, prefix with its last byte + 1)) and the
/// gRPC channel every etcd client here talks through.
/// </summary>
internal static class EtcdKeys
{
    /// <summary>A plaintext HTTP/2 channel to <paramref name="endpoint"/> (HOST:PORT), kept alive as etcd allows.</summary>
    public static GrpcChannel Channel(string endpoint, TimeSpan connectTimeout) => GrpcChannel.ForAddress("http://" + endpoint, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            // etcd answers pings more often than every 5 s (--grpc-keepalive-min-time) with GOAWAY.
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        },
        DisposeHttpClient = true,
    });

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
