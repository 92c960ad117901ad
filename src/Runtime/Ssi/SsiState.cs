using System.Text.RegularExpressions;
using ProxyServer.Runtime.Http;

namespace ProxyServer.Runtime.Ssi;

/// <summary>How <c>echo</c> writes a value (NGX_HTTP_SSI_*_ENCODING); an <c>encoding=</c> stays for the page's next echoes.</summary>
internal enum SsiEncoding { None, Url, Entity }

/// <summary>
/// The SSI state of one page (nginx's <c>ngx_http_ssi_ctx_t</c> of a request): what <c>config</c> set, the
/// <c>if</c> being read, whether text is output or kept for a <c>block</c>. Kept in the request's features, where
/// <c>$date_local</c>/<c>$date_gmt</c> find the page's <c>timefmt</c>.
/// </summary>
internal sealed class SsiPage
{
    public const string DefaultTimeFormat = "%A, %d-%b-%Y %H:%M:%S %Z";

    public string TimeFormat { get; set; } = DefaultTimeFormat;
    public string ErrorMessage { get; set; } = "[an error occurred while processing the directive]";
    public SsiEncoding Encoding { get; set; } = SsiEncoding.Entity;

    /// <summary>Text and command output reach the response (false inside a branch not taken and inside a block).</summary>
    public bool Output { get; set; } = true;

    /// <summary>A branch of the current <c>if</c> was taken: the others are skipped.</summary>
    public bool OutputChosen { get; set; }

    /// <summary>0 outside an <c>if</c>, 1 after <c>if</c>/<c>elif</c> (NGX_HTTP_SSI_COND_IF), 2 after <c>else</c>.</summary>
    public int Conditional { get; set; }

    /// <summary>Inside <c>block</c>: text goes into the last block of <see cref="SsiShared.Blocks"/>.</summary>
    public bool InBlock { get; set; }
}

/// <summary>A <c>block name=</c>: its text, kept as read, for an <c>include stub=</c>.</summary>
internal sealed class SsiBlock(string name)
{
    public string Name { get; } = name;
    public MemoryStream Bytes { get; } = new();
}

/// <summary>
/// What the pages of one client request share (kept by the main request's SSI context in nginx): the SSI
/// variables (<c>set</c>, <c>include set=</c>, named captures), the blocks, and the last regex captures of an
/// <c>if</c>. Includes may run at once, so it is locked.
/// </summary>
internal sealed class SsiShared
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly List<SsiBlock> _blocks = [];
    private Match? _captures;

    public static SsiShared Of(NginxRequest request)
    {
        var main = request.Main;
        lock (main.Features)
        {
            if (main.Features.Get<SsiShared>() is { } shared) return shared;
            shared = new SsiShared();
            main.Features.Set(shared);
            return shared;
        }
    }

    /// <summary>ngx_http_ssi_get_variable: <c>$0</c>..<c>$9</c> from the last regex match, then the page's own variables.</summary>
    public string? Get(string name)
    {
        lock (this)
        {
            if (name.Length == 1 && name[0] is >= '0' and <= '9' && _captures is { } match && name[0] - '0' < Count(match))
            {
                var group = match.Groups[name[0] - '0'];
                return group.Success ? group.Value : "";
            }
            return _variables.GetValueOrDefault(name);
        }
    }

    public void Set(string name, string value)
    {
        lock (this) _variables[name] = value;
    }

    /// <summary>An <c>if</c>'s regex matched: its captures, and its named groups as variables.</summary>
    public void Matched(Match match, Regex regex)
    {
        lock (this)
        {
            _captures = match;
            foreach (var name in regex.GetGroupNames())
                if (!int.TryParse(name, out _)) _variables[name.ToLowerInvariant()] = match.Groups[name].Success ? match.Groups[name].Value : "";
        }
    }

    public SsiBlock AddBlock(string name)
    {
        var block = new SsiBlock(name);
        lock (this) _blocks.Add(block);
        return block;
    }

    /// <summary>The block text is appended to: the last one opened.</summary>
    public SsiBlock? LastBlock
    {
        get { lock (this) return _blocks.Count == 0 ? null : _blocks[^1]; }
    }

    public SsiBlock? FindBlock(string name)
    {
        lock (this) return _blocks.Find(b => b.Name == name);
    }

    /// <summary>pcre's return value: the highest group that took part, plus one.</summary>
    private static int Count(Match match)
    {
        for (var i = match.Groups.Count - 1; i > 0; i--)
            if (match.Groups[i].Success) return i + 1;
        return 1;
    }
}
