using LogPipe.Counting;
using LogPipe.Filtering;
using LogPipe.Input;
using LogPipe.Logging;
using LogPipe.Parsing;
using Serilog;

namespace LogPipe.Worker;

/// <summary>
/// The per-line hot path: parse, filter, build the Redis key into the chunk's <see cref="KeyBatch"/>, and count the
/// chunk's keys when it ends. No allocation per line; a bad line costs a counter and, a few times a minute, a log entry.
/// The small helpers it calls on every line are marked for aggressive inlining: the native compiler's budget for this
/// method runs out before them, and perf showed each as a call of its own.
/// </summary>
internal sealed class LineProcessor : ILineHandler
{
    // A few examples a minute are enough to diagnose a bad feed; the counters carry the totals.
    private const int RejectedLinesLoggedPerMinute = 5;

    private readonly AccessLogParser _parser;
    private readonly MethodFilter _methods;
    private readonly KeyRenderer _keyRenderer;
    private readonly HitAggregator _aggregator;
    private readonly WorkerStats _stats;
    private readonly ILogger _log;
    private readonly RateLimiter _rejectedLog = new(RejectedLinesLoggedPerMinute, TimeSpan.FromMinutes(1));
    private readonly RateLimiter _droppedLog = new(1, TimeSpan.FromMinutes(1));
    private readonly KeyBatch _keys;
    private readonly DayReader _days;

    public LineProcessor(LogFormat format, MethodFilter methods, KeyTemplate keyTemplate, int maxLineLength, HitAggregator aggregator, WorkerStats stats, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(keyTemplate);

        // A key with {host} needs each line's virtual host, which lines are otherwise not searched for.
        _parser = keyTemplate.UsesHost ? new AccessLogParser(format, LogField.VirtualHost) : new AccessLogParser(format);
        _methods = methods;
        _keyRenderer = new KeyRenderer(keyTemplate);
        _aggregator = aggregator;
        _stats = stats;
        _log = log;
        _keys = new KeyBatch(keyTemplate.MaxKeyLength(maxLineLength));
        _days = new DayReader(OnLaterDay);
    }

    public void EndChunk() => CountKeys();

    public void OnLine(ReadOnlySpan<byte> line)
    {
        _stats.LinesRead++;
        if (!_parser.TryParseRequired(line, out var entry))
        {
            Reject(line, "malformed line");
            return;
        }

        if (!_methods.Matches(entry.Method) || entry.Target.IsEmpty)
        {
            _stats.LinesIgnored++;
            return;
        }

        if (!_days.TryRead(entry.Time))
        {
            Reject(line, "bad timestamp");
            return;
        }

        // Keys are counted together at the end of the chunk (or when the batch is full), where their lookups overlap.
        if (_keys.IsFull)
        {
            CountKeys();
        }

        _keys.Commit(_keyRenderer.Render(_days.Date, entry.VirtualHost, entry.Target, _keys.NextKey));
    }

    public void OnLineTooLong(ReadOnlySpan<byte> start)
    {
        _stats.LinesRead++;
        _stats.LinesTooLong++;
        Reject(start, "line longer than --max-line-length");
    }

    // The days before are done (a late line or two aside): their keys go to Redis now, each once, while the reader
    // goes on with the new day, instead of being sent again with the new day's busiest keys at every later flush.
    private void OnLaterDay()
    {
        CountKeys();
        _aggregator.EndDay();
    }

    private void CountKeys()
    {
        var dropped = _aggregator.AddAll(_keys);
        _stats.LinesCounted += _keys.Count - dropped;
        _keys.Clear();
        if (dropped > 0 && _droppedLog.TryAcquire(out _))
        {
            _log.Warning(
                "Too many keys pending ({DroppedHits} hits dropped so far): Redis is not keeping up or is unreachable; raise --max-pending-keys or check Redis",
                _aggregator.DroppedHits);
        }
    }

    private void Reject(ReadOnlySpan<byte> line, string reason)
    {
        _stats.LinesRejected++;
        if (_rejectedLog.TryAcquire(out var suppressed))
        {
            _log.Warning(
                "Rejected a {Reason} ({Suppressed} more rejected since the last report, {Rejected} in all): {Line}",
                reason,
                suppressed,
                WorkerStats.Read(ref _stats.LinesRejected),
                LogText.Escape(line));
        }
    }
}
