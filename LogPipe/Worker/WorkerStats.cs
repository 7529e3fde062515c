namespace LogPipe.Worker;

/// <summary>
/// The worker's running figures. Each field has one writer (the reader thread or the flusher), so plain increments
/// suffice; other threads read them with <see cref="Volatile"/> for the summary line and the stats hash.
/// </summary>
internal sealed class WorkerStats
{
    public long LinesRead;
    public long LinesCounted;

    /// <summary>Well-formed lines that do not count: another method, or a request with no target.</summary>
    public long LinesIgnored;

    /// <summary>Malformed lines, lines with a bad timestamp, and lines over <c>--max-line-length</c>.</summary>
    public long LinesRejected;
    public long LinesTooLong;

    public long Flushes;
    public long FailedFlushes;
    public long KeysFlushed;
    public long HitsFlushed;

    /// <summary>Batches Redis had already applied when they were sent again after an unknown outcome.</summary>
    public long BatchesReplayed;
    public long RedisErrors;
    public long LastFlushUnixMilliseconds;
    public long LastFlushLatencyMicroseconds;

    public static long Read(ref long field) => Volatile.Read(ref field);
}
