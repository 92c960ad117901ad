namespace ProxyServer.Runtime.Dynamic.Etcd;

/// <summary>Timing of a source's connection to etcd; the defaults suit production, tests shorten them.</summary>
public sealed record KvSourceOptions
{
    /// <summary>Deadline of a unary call (the start-up read) and of opening a connection.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the watch asks etcd for a progress notification, to tell a quiet watch from a dead one.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A watch that hears nothing (not even a progress answer) for this long is stalled and reopened.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan MinimumRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaximumRetryDelay { get; init; } = TimeSpan.FromSeconds(2);
}
