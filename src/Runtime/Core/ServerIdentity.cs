namespace ProxyServer.Runtime.Core;

/// <summary>
/// Who we say we are. Where nginx prints <c>nginx/1.22.1</c> (Server header, error pages with
/// <c>server_tokens on</c>) we print our own name and version, and <see cref="Name"/> alone with
/// <c>server_tokens off</c>: the pages are nginx's byte for byte apart from that token.
/// </summary>
public static class ServerIdentity
{
    public const string Name = "proxyserver";
    public const string Version = "0.1.0";

    /// <summary>The nginx release whose behaviour we reproduce.</summary>
    public const string NginxVersion = "1.22.1";

    public static string Token(bool serverTokens) => serverTokens ? $"{Name}/{Version}" : Name;
}
