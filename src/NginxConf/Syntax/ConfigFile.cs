namespace ProxyServer.NginxConf.Syntax;

/// <summary>One parsed file: its path as resolved and its top-level statements.</summary>
public sealed record ConfigFile(string Path, IReadOnlyList<ConfigDirective> Directives);
