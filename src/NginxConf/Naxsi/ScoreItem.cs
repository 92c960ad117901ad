namespace ProxyServer.NginxConf.Naxsi;

/// <summary>One item of <c>s:</c>: a named counter and its weight, or a direct action.</summary>
public sealed record ScoreItem(string? Counter, int Weight, WafAction Action)
{
    public static ScoreItem Named(string counter, int weight) => new(counter, weight, WafAction.None);
    public static ScoreItem Direct(WafAction action) => new(null, 0, action);
}
