using System.Text;
using System.Text.RegularExpressions;

namespace ProxyServer.NginxConf.Syntax;

/// <summary>
/// The file names an <c>include</c> pattern matches, as nginx gets them from glob(3): <c>* ? [...]</c>
/// within one path segment, wildcards never match a leading dot, results sorted in byte order,
/// and no match is an empty list (not an error).
/// </summary>
internal static class IncludeGlob
{
    public static bool IsPattern(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    public static List<string> Expand(string pattern)
    {
        var segments = pattern.Split('/');
        var paths = new List<string> { segments[0].Length == 0 ? "/" : segments[0] };
        if (segments[0].Length != 0 && IsPattern(segments[0]))
            paths = Matches(".", segments[0]).Select(name => name).ToList();

        foreach (var segment in segments.Skip(1))
        {
            if (segment.Length == 0)
                continue;
            var next = new List<string>();
            foreach (var directory in paths)
            {
                if (!IsPattern(segment))
                    next.Add(Path.Combine(directory, Unquote(segment)));
                else
                    next.AddRange(Matches(directory, segment).Select(name => Path.Combine(directory, name)));
            }
            paths = next;
        }
        return paths
            .Where(path => File.Exists(path) || Directory.Exists(path))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> Matches(string directory, string segment)
    {
        if (!Directory.Exists(directory))
            return [];
        var regex = new Regex(ToRegex(segment), RegexOptions.CultureInvariant);
        var hiddenAllowed = segment.StartsWith('.');
        try
        {
            return new DirectoryInfo(directory).EnumerateFileSystemInfos()
                .Select(entry => entry.Name)
                .Where(name => (hiddenAllowed || !name.StartsWith('.')) && regex.IsMatch(name))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Unquote(string segment) => segment.Replace("\\", "");

    private static string ToRegex(string segment)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '\\' when i + 1 < segment.Length:
                    regex.Append(Regex.Escape(segment[++i].ToString()));
                    break;
                case '[':
                    var close = segment.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    var set = segment[(i + 1)..close];
                    regex.Append('[');
                    if (set.StartsWith('!'))
                    {
                        regex.Append('^');
                        set = set[1..];
                    }
                    regex.Append(set.Replace("\\", @"\\").Replace("[", @"\[").Replace("^", @"\^"));
                    regex.Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.Append('$').ToString();
    }
}
