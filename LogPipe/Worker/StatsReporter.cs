using LogPipe.Counting;
using Serilog;

namespace LogPipe.Worker;

/// <summary>Logs one summary line a minute and one at exit, so an operator can see the worker is alive and keeping up.</summary>
internal sealed class StatsReporter : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    private readonly WorkerStats _stats;
    private readonly HitAggregator _aggregator;
    private readonly Func<long> _blankLines;
    private readonly ILogger _log;
    private readonly Timer _timer;

    /// <param name="blankLines">Empty lines skipped so far, which are not among the lines read.</param>
    public StatsReporter(WorkerStats stats, HitAggregator aggregator, Func<long> blankLines, ILogger log, TimeSpan interval)
    {
        _stats = stats;
        _aggregator = aggregator;
        _blankLines = blankLines;
        _log = log;
        _timer = new Timer(_ => Report("periodic"), null, interval, interval);
    }

    public void Report(string when)
    {
        var s = _stats;
        _log.Information(
            "Summary ({When}): {LinesRead} lines read, {LinesCounted} counted, {LinesIgnored} not page views ({LinesAssets} assets, {LinesErrors} other statuses, {LinesCrawlers} crawlers, {LinesNotPages} not pages, the rest other methods), {LinesRejected} rejected ({LinesTooLong} too long), {FoldedHits} counted under (other) for want of room, {DroppedHits} dropped; {PendingKeys} keys pending; {Flushes} flushes ({FailedFlushes} failed, {BatchesReplayed} replayed), {KeysFlushed} keys and {HitsFlushed} hits flushed, {HitsLost} hits lost, last flush {FlushLatencyMs:0.0} ms; {BlankLines} blank lines skipped (not counted as lines read)",
            when,
            WorkerStats.Read(ref s.LinesRead),
            WorkerStats.Read(ref s.LinesCounted),
            WorkerStats.Read(ref s.LinesIgnored),
            WorkerStats.Read(ref s.LinesAssets),
            WorkerStats.Read(ref s.LinesErrors),
            WorkerStats.Read(ref s.LinesCrawlers),
            WorkerStats.Read(ref s.LinesNotPages),
            WorkerStats.Read(ref s.LinesRejected),
            WorkerStats.Read(ref s.LinesTooLong),
            _aggregator.FoldedHits,
            _aggregator.DroppedHits,
            _aggregator.PendingKeys,
            WorkerStats.Read(ref s.Flush.Flushes),
            WorkerStats.Read(ref s.Flush.FailedFlushes),
            WorkerStats.Read(ref s.Flush.BatchesReplayed),
            WorkerStats.Read(ref s.Flush.KeysFlushed),
            WorkerStats.Read(ref s.Flush.HitsFlushed),
            WorkerStats.Read(ref s.Flush.HitsLost),
            WorkerStats.Read(ref s.Flush.LastFlushLatencyMicroseconds) / 1000.0,
            _blankLines());
    }

    public void Dispose() => _timer.Dispose();
}
