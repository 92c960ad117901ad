namespace ProxyServer.NginxConf.Tls;

/// <summary>
/// <c>ssl_password_file</c> / <c>proxy_ssl_password_file</c>: the pass phrases an encrypted private key
/// is tried with, in order, as ngx_ssl_read_password_file reads them: one per line (LF, a CR before it
/// dropped), empty lines skipped, and a file with none gives one empty pass phrase. Read once per load,
/// so a FIFO works as it does for nginx.
/// </summary>
public static class PasswordFile
{
    /// <summary>nginx's NGX_SSL_PASSWORD_BUFFER_SIZE: a longer line is an error.</summary>
    private const int LineLimit = 4096;

    public static (IReadOnlyList<string>? Passwords, string? Error) Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, System.Text.Encoding.Latin1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = Directory.Exists(path) ? "21: Is a directory" : File.Exists(path) ? "13: Permission denied" : "2: No such file or directory";
            return (null, $"open() \"{path}\" failed ({reason})");
        }
        var passwords = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length >= LineLimit) return (null, $"too long line in \"{path}\"");
            if (line.Length > 0) passwords.Add(line);
        }
        if (passwords.Count == 0) passwords.Add("");
        return (passwords, null);
    }
}
