using LogPipe.Storage;

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

    /// <summary>Lines the page-view rule did not count, by what they were (<c>--count-all</c> counts them all).</summary>
    public long LinesAssets;
    public long LinesErrors;
    public long LinesCrawlers;
    public long LinesNotPages;

    /// <summary>Page views counted under their day's overflow key: a path past --max-path-length.</summary>
    public long PathsTooLong;

    public FlushStats Flush { get; } = new();

    public static long Read(ref long field) => Volatile.Read(ref field);

    /// <summary>
    /// The figures as the fields of the Redis stats hash, for <c>redis-cli HGETALL</c>: the running counts, which the
    /// hash also sums per host, and the gauges.
    /// </summary>
    public StatsFigures ToFigures(int pendingKeys, long foldedHits, long droppedHits) => new(
    [
        new("lines_read", Read(ref LinesRead)),
        new("lines_counted", Read(ref LinesCounted)),
        new("lines_ignored", Read(ref LinesIgnored)),
        new("lines_rejected", Read(ref LinesRejected)),
        new("lines_too_long", Read(ref LinesTooLong)),
        new("lines_assets", Read(ref LinesAssets)),
        new("lines_errors", Read(ref LinesErrors)),
        new("lines_crawlers", Read(ref LinesCrawlers)),
        new("lines_not_pages", Read(ref LinesNotPages)),
        new("paths_too_long", Read(ref PathsTooLong)),
        new("folded", foldedHits),
        new("dropped", droppedHits),
        new("flushes", Read(ref Flush.Flushes)),
        new("failed_flushes", Read(ref Flush.FailedFlushes)),
        new("batches_replayed", Read(ref Flush.BatchesReplayed)),
        new("keys_flushed", Read(ref Flush.KeysFlushed)),
        new("hits_flushed", Read(ref Flush.HitsFlushed)),
        new("hits_lost", Read(ref Flush.HitsLost)),
        new("redis_errors", Read(ref Flush.RedisErrors)),
    ],
    [
        new("pending_keys", pendingKeys),
        new("last_flush_unix_ms", Read(ref Flush.LastFlushUnixMilliseconds)),
        new("last_flush_latency_us", Read(ref Flush.LastFlushLatencyMicroseconds)),
        new("pid", Environment.ProcessId),
        new("updated_unix_ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
    ]);
}
