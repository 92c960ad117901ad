namespace ProxyServer.NginxConf.Naxsi;

/// <summary>The parts of a request a rule can look at (naxsi's match zones).</summary>
[Flags]
public enum RequestZone
{
    None = 0,
    Headers = 1,
    Url = 2,
    Args = 4,
    Body = 8,
    RawBody = 16,
    FileExt = 32,
}

public static class RequestZones
{
    /// <summary>What <c>mz:ANY</c> stands for: a multipart file name too (nginx+naxsi blocks <c>filename="zzz.txt"</c> on an ANY rule for "zzz").</summary>
    public const RequestZone Any = RequestZone.Headers | RequestZone.Url | RequestZone.Args | RequestZone.Body | RequestZone.FileExt;
}
