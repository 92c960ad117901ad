namespace ProxyServer.NginxConf.Directives.Validation;

/// <summary>How a config is checked.</summary>
public sealed record ValidationOptions
{
    /// <summary>The context of the entry file's top level; <see cref="DirectiveContext.None"/> = decide from its contents.</summary>
    public DirectiveContext TopContext { get; init; } = DirectiveContext.None;

    /// <summary>
    /// Look host names up in DNS like nginx does at start-up. Off by default: <c>check</c> must not need
    /// the network, so names are resolved from the hosts file only and anything else is a warning.
    /// </summary>
    public bool ResolveWithDns { get; init; }

    /// <summary>The hosts file consulted for upstream, proxy_pass and listen names.</summary>
    public string HostsFile { get; init; } = "/etc/hosts";

    /// <summary>Also run the gixy-style analysis (warnings nginx does not give).</summary>
    public bool Analyze { get; init; } = true;

    /// <summary>Warn once per directive name that proxyserver accepts but ignores or does not support.</summary>
    public bool WarnIgnored { get; init; } = true;
}
