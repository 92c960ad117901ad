using System.Globalization;
using System.Text;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Autoindex;

/// <summary>
/// The three listings of ngx_http_autoindex_module, byte for byte: ngx_http_autoindex_html (names cut at 50
/// characters with <c>..&amp;gt;</c>, counted in UTF-8 characters when the response's charset is utf-8),
/// ngx_http_autoindex_xml and ngx_http_autoindex_json. Strings hold bytes, one char each.
/// </summary>
internal static class ListingPages
{
    /// <summary>NGX_HTTP_AUTOINDEX_NAME_LEN.</summary>
    private const int NameLength = 50;

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>ngx_http_autoindex_html.</summary>
    public static string Html(string uri, List<DirectoryEntry> entries, bool utf8, bool exactSize, bool localtime)
    {
        var b = new StringBuilder(512 + entries.Count * 160);
        var title = HtmlEscaping.Escape(uri);
        b.Append("<html>\r\n<head><title>Index of ").Append(title).Append("</title></head>\r\n<body>\r\n<h1>Index of ")
            .Append(title).Append("</h1><hr><pre><a href=\"../\">../</a>\r\n");
        var offset = localtime ? TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow) : TimeSpan.Zero;
        foreach (var entry in entries)
        {
            var name = entry.Name;
            b.Append("<a href=\"").Append(UriEscaping.Escape(name, ComponentSpecials));
            if (entry.IsDirectory) b.Append('/');
            b.Append("\">");

            var len = utf8 ? Utf8Text.Length(name) : name.Length;
            string shown;
            if (name.Length != len)
            {
                // ngx_utf8_cpystrn copies up to 50 characters (47 of a longer name), then the copy is html-escaped
                shown = HtmlEscaping.Escape(Utf8Text.Prefix(name, len > NameLength ? NameLength - 3 : NameLength));
            }
            else
            {
                shown = HtmlEscaping.Escape(name[..Math.Min(name.Length, len > NameLength ? NameLength - 3 : NameLength)]);
            }
            b.Append(shown);
            if (len > NameLength)
            {
                b.Append("..&gt;</a>");
            }
            else
            {
                if (entry.IsDirectory && NameLength - len > 0)
                {
                    b.Append('/');
                    len++;
                }
                b.Append("</a>");
                if (NameLength - len > 0) b.Append(' ', NameLength - len);
            }
            b.Append(' ');

            var time = DateTimeOffset.FromUnixTimeSeconds(entry.MTime).UtcDateTime + offset;
            b.Append(CultureInfo.InvariantCulture, $"{time.Day:00}-{Months[time.Month - 1]}-{time.Year} {time.Hour:00}:{time.Minute:00} ");

            if (exactSize)
            {
                if (entry.IsDirectory) b.Append("                  -");
                else b.Append(entry.Size.ToString(CultureInfo.InvariantCulture).PadLeft(19));
            }
            else if (entry.IsDirectory)
            {
                b.Append("      -");
            }
            else
            {
                b.Append(HumanSize(entry.Size));
            }
            b.Append("\r\n");
        }
        b.Append("</pre><hr></body>\r\n</html>\r\n");
        return b.ToString();
    }

    /// <summary>The size as nginx rounds it: bytes to 9999, then K, M and G rounded half up.</summary>
    private static string HumanSize(long length)
    {
        const long G = 1024 * 1024 * 1024, M = 1024 * 1024;
        long size;
        char scale;
        if (length > G - 1)
        {
            size = length / G + (length % G > G / 2 - 1 ? 1 : 0);
            scale = 'G';
        }
        else if (length > M - 1)
        {
            size = length / M + (length % M > M / 2 - 1 ? 1 : 0);
            scale = 'M';
        }
        else if (length > 9999)
        {
            size = length / 1024 + (length % 1024 > 511 ? 1 : 0);
            scale = 'K';
        }
        else
        {
            return " " + length.ToString(CultureInfo.InvariantCulture).PadLeft(6);
        }
        return size.ToString(CultureInfo.InvariantCulture).PadLeft(6) + scale;
    }

    /// <summary>ngx_http_autoindex_xml.</summary>
    public static string Xml(List<DirectoryEntry> entries)
    {
        var b = new StringBuilder(64 + entries.Count * 100);
        b.Append("<?xml version=\"1.0\"?>\r\n<list>\r\n");
        foreach (var entry in entries)
        {
            var type = Type(entry);
            var time = DateTimeOffset.FromUnixTimeSeconds(entry.MTime).UtcDateTime;
            b.Append('<').Append(type).Append(CultureInfo.InvariantCulture, $" mtime=\"{time.Year,4}-{time.Month:00}-{time.Day:00}T{time.Hour:00}:{time.Minute:00}:{time.Second:00}Z");
            if (entry.IsFile && !entry.IsDirectory) b.Append("\" size=\"").Append(entry.Size.ToString(CultureInfo.InvariantCulture));
            b.Append("\">").Append(HtmlEscaping.Escape(entry.Name)).Append("</").Append(type).Append(">\r\n");
        }
        b.Append("</list>\r\n");
        return b.ToString();
    }

    /// <summary>ngx_http_autoindex_json (with a callback: the jsonp form).</summary>
    public static string Json(List<DirectoryEntry> entries, string? callback)
    {
        var b = new StringBuilder(64 + entries.Count * 100);
        if (callback is not null) b.Append("/* callback */\r\n").Append(callback).Append('(');
        b.Append('[');
        foreach (var entry in entries)
        {
            b.Append("\r\n{ \"name\":\"").Append(JsonEscaping.Escape(entry.Name)).Append("\", \"type\":\"").Append(Type(entry))
                .Append("\", \"mtime\":\"").Append(HttpTime.Format(entry.MTime));
            if (entry.IsFile && !entry.IsDirectory) b.Append("\", \"size\":").Append(entry.Size.ToString(CultureInfo.InvariantCulture));
            else b.Append('"');
            b.Append(" },");
        }
        if (entries.Count > 0) b.Length--;
        b.Append("\r\n]");
        if (callback is not null) b.Append(");");
        return b.ToString();
    }

    private static string Type(DirectoryEntry entry) => entry.IsDirectory ? "directory" : entry.IsFile ? "file" : "other";

    /// <summary>NGX_ESCAPE_URI_COMPONENT: everything but letters, digits and <c>- . _ ~</c>.</summary>
    private static readonly System.Buffers.SearchValues<char> ComponentSpecials =
        System.Buffers.SearchValues.Create("!\"#$%&'()*+,/:;<=>?@[\\]^`{|}");

}
