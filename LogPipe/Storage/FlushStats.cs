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
    public long HitsFlushed;

    /// <summary>Batches Redis had already applied when they were sent again after an unknown outcome.</summary>
    public long BatchesReplayed;
    public long RedisErrors;
    public long LastFlushUnixMilliseconds;
    public long LastFlushLatencyMicroseconds;
}
