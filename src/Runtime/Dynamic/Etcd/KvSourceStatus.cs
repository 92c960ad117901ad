namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>
/// What the status endpoint reports per source: whether its watch is connected, the revision served,
/// and when the last change arrived (its age tells a stalled feed from a quiet one).
/// </summary>
public sealed record KvSourceStatus(
    string Name,
    bool Connected,
    string? Endpoint,
    long Revision,
    bool ServingCache,
    DateTimeOffset? LastEventAt,
    string? LastError)
{
    public TimeSpan? AgeOfLastEvent(DateTimeOffset now) => LastEventAt is { } at ? now - at : null;
}
