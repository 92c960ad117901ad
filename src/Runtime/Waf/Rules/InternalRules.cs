using ProxyServer.NginxConf.Naxsi;

namespace ProxyServer.Runtime.Waf.Rules;

/// <summary>
/// The rules naxsi raises by itself (ids below 1000). They set an action directly; the libinjection
/// ones also add 8 to their own counter.
/// </summary>
public static class InternalRules
{
    public const int WeirdRequest = 1;
    public const int BodyTooBig = 2;
    public const int BadHexOrNul = 10;
    public const int UnknownContentType = 11;
    public const int BadUrlFormat = 12;
    public const int BadPostFormat = 13;
    public const int BadPostBoundary = 14;
    public const int BadJson = 15;
    public const int EmptyPost = 16;
    public const int LibInjectionSql = 17;
    public const int LibInjectionXss = 18;
    public const int NoRules = 19;
    public const int BadUtf8 = 20;
    public const int IllegalHost = 21;

    /// <summary>Internal rules that deny even in LearningMode; every other one is BLOCK.</summary>
    public static WafAction ActionOf(int id) => id is NoRules or BadUtf8 or IllegalHost ? WafAction.Drop : WafAction.Block;

    public const int FirstUserRule = 1000;
}
