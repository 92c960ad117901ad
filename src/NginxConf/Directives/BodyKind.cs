namespace ProxyServer.NginxConf.Directives;

/// <summary>What a block directive's body holds.</summary>
public enum BodyKind
{
    /// <summary>Directives, checked against the table in the block's context.</summary>
    Directives,
    /// <summary>Entries read by the directive's own handler (map, geo, types, split_clients, charset_map): not directives.</summary>
    Entries,
    /// <summary>Not looked into (the body of a module we do not serve, e.g. <c>stream</c>).</summary>
    Opaque,
}
