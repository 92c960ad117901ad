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
    /// <summary>What <c>mz:ANY</c> stands for.</summary>
    public const RequestZone Any = RequestZone.Headers | RequestZone.Url | RequestZone.Args | RequestZone.Body;

    /// <summary>The zone name as naxsi writes it in a NAXSI_FMT line.</summary>
    public static string LogName(RequestZone zone) => zone switch
    {
        RequestZone.Headers => "HEADERS",
        RequestZone.Url => "URL",
        RequestZone.Args => "ARGS",
        RequestZone.Body => "BODY",
        RequestZone.RawBody => "RAW_BODY",
        RequestZone.FileExt => "FILE_EXT",
        _ => zone.ToString().ToUpperInvariant(),
    };
}
