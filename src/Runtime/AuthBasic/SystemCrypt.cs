using System.Runtime.InteropServices;
using System.Text;

namespace ProxyServer.Runtime.AuthBasic;

/// <summary>
/// The system's crypt(3) (libxcrypt's <c>crypt_rn</c> in libcrypt.so.1, what nginx's
/// ngx_libc_crypt reaches through crypt_r on Debian) for the schemes written nowhere else here:
/// traditional DES, yescrypt <c>$y$</c>, <c>$gy$</c>, <c>$7$</c>, <c>$sha1$</c>...
/// </summary>
public static class SystemCrypt
{
    // sizeof(struct crypt_data) in libxcrypt.
    private const int DataSize = 32768;

    [DllImport("libcrypt.so.1", EntryPoint = "crypt_rn")]
    private static extern IntPtr CryptRn(byte[] phrase, byte[] setting, IntPtr data, int size);

    /// <summary>
    /// False when the library is not there (not a glibc Linux). Otherwise the hash, or null when
    /// the library refuses the setting (where crypt_r gives nginx a failure token that matches nothing).
    /// </summary>
    public static bool TryCrypt(ReadOnlySpan<byte> key, string setting, out string? hash)
    {
        hash = null;
        var phrase = new byte[key.Length + 1];
        key.CopyTo(phrase);
        var settingBytes = new byte[Encoding.Latin1.GetByteCount(setting) + 1];
        Encoding.Latin1.GetBytes(setting, settingBytes);
        var data = Marshal.AllocHGlobal(DataSize);
        try
        {
            Marshal.Copy(new byte[DataSize], 0, data, DataSize);
            var result = CryptRn(phrase, settingBytes, data, DataSize);
            hash = result == IntPtr.Zero ? null : Marshal.PtrToStringAnsi(result);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            Marshal.FreeHGlobal(data);
        }
    }
}
