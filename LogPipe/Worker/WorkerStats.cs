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

    /// <summary>The figures as the fields of the Redis stats hash, for <c>redis-cli HGETALL</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ToFields(int pendingKeys, long droppedHits) =>
    [
        new("lines_read", Read(ref LinesRead)),
        new("lines_counted", Read(ref LinesCounted)),
        new("lines_ignored", Read(ref LinesIgnored)),
        new("lines_rejected", Read(ref LinesRejected)),
        new("lines_too_long", Read(ref LinesTooLong)),
        new("dropped", droppedHits),
        new("pending_keys", pendingKeys),
        new("flushes", Read(ref Flushes)),
        new("failed_flushes", Read(ref FailedFlushes)),
        new("batches_replayed", Read(ref BatchesReplayed)),
        new("keys_flushed", Read(ref KeysFlushed)),
        new("hits_flushed", Read(ref HitsFlushed)),
        new("redis_errors", Read(ref RedisErrors)),
        new("last_flush_unix_ms", Read(ref LastFlushUnixMilliseconds)),
        new("last_flush_latency_us", Read(ref LastFlushLatencyMicroseconds)),
        new("pid", Environment.ProcessId),
        new("updated_unix_ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
    ];
}
