namespace LogPipe.Storage;

/// <summary>
/// The flusher's running figures. Each field has one writer, the flusher, so plain increments suffice; other threads
/// read them with <see cref="Volatile"/> for the summary line and the stats hash.
/// </summary>
internal sealed class FlushStats
{
    public long Flushes;
    public long FailedFlushes;
    public long KeysFlushed;

    /// <summary>Hits Redis took: sent, acknowledged and not refused.</summary>
    public long HitsFlushed;

    /// <summary>
    /// Hits that will never reach Redis: refused by it (their key holds no counter), or not confirmed when the shutdown
    /// timeout ran out, whether sent or still waiting to be. Each is counted once.
    /// </summary>
    public long HitsLost;

    /// <summary>Batches Redis had already applied when they were sent again after an unknown outcome.</summary>
    public long BatchesReplayed;
    public long RedisErrors;
    public long LastFlushUnixMilliseconds;
    public long LastFlushLatencyMicroseconds;
}
