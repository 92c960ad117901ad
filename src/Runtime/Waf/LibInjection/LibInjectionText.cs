// Part of the libinjection port; BSD-3-Clause: see COPYING.txt in this folder.

using System.Buffers;
using System.Text;

namespace ProxyServer.Runtime.Waf.LibInjection;

/// <summary>
/// The detectors on the WAF's decoded names and values. libinjection reads bytes; the engine keeps
/// text that was valid UTF-8 (anything else already fired internal rule 20), so encoding it back
/// as UTF-8 gives libinjection the request's own bytes.
/// </summary>
public static class LibInjectionText
{
    private const int StackLimit = 512;

    public static bool IsSqli(string text) => Check(text, sqli: true);

    public static bool IsXss(string text) => Check(text, sqli: false);

    private static bool Check(string text, bool sqli)
    {
        if (text.Length == 0) return false;
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var bytes = buffer[..Encoding.UTF8.GetBytes(text, buffer)];
            return sqli ? Sqli.IsSqli(bytes) : Xss.IsXss(bytes);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
