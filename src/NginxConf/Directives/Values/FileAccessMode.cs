namespace ProxyServer.NginxConf.Directives.Values;

/// <summary>
/// ngx_conf_set_access_slot (<c>proxy_store_access</c> and its siblings): <c>user:</c>, <c>group:</c>, <c>all:</c>,
/// each <c>rw</c> or <c>r</c>, give a file's mode; the user keeps rw unless named (0600 alone).
/// </summary>
public static class FileAccessMode
{
    /// <summary>0600: the mode when the directive is not set.</summary>
    public const int Default = 0x180;

    /// <summary>The mode, or null with the value nginx calls invalid (<c>invalid value "X"</c>).</summary>
    public static int? Parse(IEnumerable<string> values, out string? invalid)
    {
        invalid = null;
        var (access, user) = (0, Default);
        foreach (var value in values)
        {
            int shift;
            string right;
            if (value.StartsWith("user:", StringComparison.Ordinal)) (shift, right, user) = (6, value[5..], 0);
            else if (value.StartsWith("group:", StringComparison.Ordinal)) (shift, right) = (3, value[6..]);
            else if (value.StartsWith("all:", StringComparison.Ordinal)) (shift, right) = (0, value[4..]);
            else (shift, right) = (0, "");
            if (right is not ("rw" or "r"))
            {
                invalid = value;
                return null;
            }
            access |= (right == "rw" ? 6 : 4) << shift;
        }
        return access | user;
    }
}
