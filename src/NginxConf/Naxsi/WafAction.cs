namespace ProxyServer.NginxConf.Naxsi;

/// <summary>What a rule or a CheckRule asks for once it fires. Several can be set on one request.</summary>
[Flags]
public enum WafAction
{
    None = 0,
    /// <summary>Deny through DeniedUrl, unless LearningMode is on.</summary>
    Block = 1,
    /// <summary>Deny through DeniedUrl even in LearningMode.</summary>
    Drop = 2,
    /// <summary>Pass, but write the NAXSI_FMT line.</summary>
    Log = 4,
    /// <summary>Accepted by naxsi's parser and ignored by its runtime; kept so configs load the same.</summary>
    Allow = 8,
}

internal static class WafActions
{
    public static bool TryParse(string text, out WafAction action)
    {
        action = text switch
        {
            "BLOCK" => WafAction.Block,
            "DROP" => WafAction.Drop,
            "LOG" => WafAction.Log,
            "ALLOW" => WafAction.Allow,
            _ => WafAction.None,
        };
        return action != WafAction.None;
    }
}
