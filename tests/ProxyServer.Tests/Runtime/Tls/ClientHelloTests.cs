using System.Buffers;
using ProxyServer.Runtime.Tls;

namespace ProxyServer.Tests.Runtime.Tls;

/// <summary>The ClientHello reader never throws on what a client may send: it completes, waits for more, or gives up.</summary>
public sealed class ClientHelloTests
{
    /// <summary>A TLS 1.2 record holding a ClientHello: one suite (ECDHE-RSA-AES128-GCM), signature_algorithms rsa_pss_rsae_sha256, supported_versions with 1.3.</summary>
    private static readonly byte[] Hello =
    [
        0x16, 0x03, 0x01, 0x00, 0x3e,
        0x01, 0x00, 0x00, 0x3a,
        0x03, 0x03, .. new byte[32], 0x00, // version, random, empty session id
        0x00, 0x02, 0xc0, 0x2f, 0x01, 0x00, // one suite, null compression
        0x00, 0x0f, // extensions
        0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x08, 0x04,
        0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04,
    ];

    [Fact]
    public void WholeHello_ReadsSuitesSchemesAndVersions()
    {
        var (state, hello) = ClientHello.TryParse(new ReadOnlySequence<byte>(Hello));
        Assert.Equal(ClientHello.ParseState.Complete, state);
        Assert.Equal([(ushort)0xc02f], hello!.CipherSuites);
        Assert.Equal([(ushort)0x0804], hello.SignatureAlgorithms);
        Assert.Null(hello.SupportedGroups);
        Assert.True(hello.OffersTls13);
    }

    [Fact]
    public void EveryPrefix_WaitsForMore_AndNoCorruptionThrows()
    {
        for (var length = 0; length < Hello.Length; length++)
            Assert.Equal(ClientHello.ParseState.NeedMore, ClientHello.TryParse(new ReadOnlySequence<byte>(Hello[..length])).State);
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])Hello.Clone();
            bytes[5 + random.Next(bytes.Length - 5)] = (byte)random.Next(256);
            var (state, _) = ClientHello.TryParse(new ReadOnlySequence<byte>(bytes));
            Assert.True(Enum.IsDefined(state));
        }
        Assert.Equal(ClientHello.ParseState.Invalid, ClientHello.TryParse(new ReadOnlySequence<byte>([0x17, 0x03, 0x03, 0x00, 0x00])).State);
    }
}
