using System.Runtime.InteropServices;

namespace ProxyServer.NginxConf.Tls;

/// <summary>
/// The few libssl calls that answer questions only OpenSSL can answer exactly: what an OpenSSL
/// cipher string (<c>HIGH:!aNULL:!MD5</c>) expands to, and a suite's OpenSSL name. .NET hands
/// TLS to the same libssl on Linux, so asking it gives the list the handshake will use.
/// </summary>
internal static class OpenSsl
{
    private static readonly Lazy<nint> Library = new(Load);

    /// <summary>False where libssl 3 / 1.1 is not loadable (other OS): callers then skip what needs it.</summary>
    public static bool IsAvailable => Library.Value != 0 && Crypto.Value != 0;

    /// <summary>
    /// The suites (IANA code and OpenSSL name, TLS 1.3 suites included) an SSL_CTX gets from
    /// <c>SSL_CTX_set_cipher_list(text)</c>, or OpenSSL's error text when it refuses the string.
    /// </summary>
    public static (IReadOnlyList<(ushort Code, string Name)> Suites, string? Error) ExpandCipherList(string text)
    {
        if (!IsAvailable) return ([], "libssl is not available");
        lock (Library)
        {
            ClearErrors();
            var ctx = SSL_CTX_new(TLS_method());
            if (ctx == 0) return ([], LastError());
            try
            {
                if (SSL_CTX_set_cipher_list(ctx, text) != 1) return ([], LastError());
                var stack = SSL_CTX_get_ciphers(ctx);
                var count = OPENSSL_sk_num(stack);
                var suites = new List<(ushort, string)>(count);
                for (var i = 0; i < count; i++)
                {
                    var cipher = OPENSSL_sk_value(stack, i);
                    var code = (ushort)(SSL_CIPHER_get_protocol_id(cipher) & 0xffff);
                    suites.Add((code, Marshal.PtrToStringAnsi(SSL_CIPHER_get_name(cipher)) ?? ""));
                }
                return (suites, null);
            }
            finally
            {
                SSL_CTX_free(ctx);
            }
        }
    }

    /// <summary>OpenSSL's name of every suite it knows (<c>ECDHE-RSA-AES128-GCM-SHA256</c>), by IANA code: <c>$ssl_cipher</c>.</summary>
    public static IReadOnlyDictionary<ushort, string> SuiteNames => Names.Value;

    private static readonly Lazy<IReadOnlyDictionary<ushort, string>> Names = new(() =>
        ExpandCipherList("ALL:COMPLEMENTOFALL").Suites.DistinctBy(s => s.Code).ToDictionary(s => s.Code, s => s.Name));

    /// <summary>nginx's "(SSL: error:...:reason)" text: every queued error, oldest first.</summary>
    private static string LastError()
    {
        var parts = new List<string>();
        for (var code = ERR_get_error(); code != 0; code = ERR_get_error())
        {
            var buffer = new byte[256];
            ERR_error_string_n(code, buffer, (nuint)buffer.Length);
            parts.Add(System.Text.Encoding.ASCII.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0) is var end and >= 0 ? end : buffer.Length));
        }
        return string.Join(" ", parts);
    }

    private static void ClearErrors()
    {
        while (ERR_get_error() != 0) { }
    }

    private static nint Load() => LoadFirst("libssl.so.3", "libssl.so.1.1", "libssl.so");

    private static nint LoadFirst(params string[] names)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        foreach (var name in names)
            if (NativeLibrary.TryLoad(name, out var handle)) return handle;
        return 0;
    }

    private static readonly Lazy<nint> Crypto = new(() => LoadFirst("libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"));

    private static T Ssl<T>(string name) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(Library.Value, name));

    private static T Crypt<T>(string name) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(Crypto.Value, name));

    private delegate nint NoArgs();
    private delegate nint OneArg(nint a);
    private delegate int SetList(nint ctx, [MarshalAs(UnmanagedType.LPStr)] string list);
    private delegate int StackNum(nint stack);
    private delegate nint StackValue(nint stack, int index);
    private delegate uint CipherId(nint cipher);
    private delegate void FreeCtx(nint ctx);
    private delegate ulong ErrGet();
    private delegate void ErrString(ulong code, byte[] buffer, nuint length);

        private static nint TLS_method() => Ssl<NoArgs>("TLS_method")();
    private static nint SSL_CTX_new(nint method) => Ssl<OneArg>("SSL_CTX_new")(method);
    private static int SSL_CTX_set_cipher_list(nint ctx, string list) => Ssl<SetList>("SSL_CTX_set_cipher_list")(ctx, list);
    private static nint SSL_CTX_get_ciphers(nint ctx) => Ssl<OneArg>("SSL_CTX_get_ciphers")(ctx);
    private static uint SSL_CIPHER_get_protocol_id(nint cipher) => Ssl<CipherId>("SSL_CIPHER_get_protocol_id")(cipher);
    private static nint SSL_CIPHER_get_name(nint cipher) => Ssl<OneArg>("SSL_CIPHER_get_name")(cipher);
    private static void SSL_CTX_free(nint ctx) => Ssl<FreeCtx>("SSL_CTX_free")(ctx);
    private static int OPENSSL_sk_num(nint stack) => Crypt<StackNum>("OPENSSL_sk_num")(stack);
    private static nint OPENSSL_sk_value(nint stack, int index) => Crypt<StackValue>("OPENSSL_sk_value")(stack, index);
    private static ulong ERR_get_error() => Crypt<ErrGet>("ERR_get_error")();
    private static void ERR_error_string_n(ulong code, byte[] buffer, nuint length) => Crypt<ErrString>("ERR_error_string_n")(code, buffer, length);
}
