using System.Text;

namespace ProxyServer.Cli;

/// <summary>
/// stderr or stdout as nginx treats them: a write to a stream that is closed or gone (started with
/// <c>2&gt;&amp;-</c>, as nginx's test suite starts it, or a reader that went away) is dropped, never fatal.
/// .NET throws an IOException on such a write, which ended the process before it served.
/// </summary>
internal sealed class ClosedStreamTolerantWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Try(() => inner.Write(value));
    public override void Write(string? value) => Try(() => inner.Write(value));
    public override void Write(char[] buffer, int index, int count) => Try(() => inner.Write(buffer, index, count));
    public override void WriteLine(string? value) => Try(() => inner.WriteLine(value));
    public override void Flush() => Try(inner.Flush);

    private static void Try(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) // EBADF surfaces as the latter
        {
            // ngx_write_fd to a closed descriptor fails and nginx goes on; so do we.
        }
    }

    /// <summary>Puts both standard streams behind the tolerant writer.</summary>
    public static void Install()
    {
        Console.SetError(new ClosedStreamTolerantWriter(Console.Error));
        Console.SetOut(new ClosedStreamTolerantWriter(Console.Out));
    }
}
