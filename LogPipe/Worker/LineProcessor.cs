using LogPipe.Counting;
using LogPipe.Filtering;
using LogPipe.Input;
using LogPipe.Logging;
using LogPipe.Parsing;
using Serilog;

namespace LogPipe.Worker;

/// <summary>
/// The per-line hot path: parse, filter, build the Redis key in a scratch buffer, count. No allocation per line;
/// a bad line costs a counter and, a few times a minute, a log entry.
/// </summary>
internal sealed class LineProcessor : ILineHandler
{
    // A few examples a minute are enough to diagnose a bad feed; the counters carry the totals.
    private const int RejectedLinesLoggedPerMinute = 5;

    private readonly AccessLogParser _parser;
    private readonly MethodFilter _methods;
    private readonly KeyTemplate _keyTemplate;
    private readonly HitAggregator _aggregator;
    private readonly WorkerStats _stats;
    private readonly ILogger _log;
    private readonly RateLimiter _rejectedLog = new(RejectedLinesLoggedPerMinute, TimeSpan.FromMinutes(1));
    private readonly RateLimiter _droppedLog = new(1, TimeSpan.FromMinutes(1));
    private readonly byte[] _keyBuffer;
    private readonly byte[] _date = new byte[ApacheTimestamp.DateLength];

    public LineProcessor(AccessLogParser parser, MethodFilter methods, KeyTemplate keyTemplate, int maxLineLength, HitAggregator aggregator, WorkerStats stats, ILogger log)
    {
        _parser = parser;
        _methods = methods;
        _keyTemplate = keyTemplate;
        _aggregator = aggregator;
        _stats = stats;
        _log = log;
        _keyBuffer = new byte[keyTemplate.MaxKeyLength(maxLineLength)];
    }

    public void BeginChunk() => _aggregator.EnterBatch();

    public void EndChunk() => _aggregator.ExitBatch();

    public void OnLine(ReadOnlySpan<byte> line)
    {
        _stats.LinesRead++;
        if (!_parser.TryParse(line, out var entry))
        {
            Reject(line, "malformed line");
            return;
        }

        if (!_methods.Matches(entry.Method) || entry.Target.IsEmpty)
        {
            _stats.LinesIgnored++;
            return;
        }

        if (!ApacheTimestamp.TryWriteDate(entry.Time, _date))
        {
            Reject(line, "bad timestamp");
            return;
        }

        var keyLength = _keyTemplate.Render(_date, entry.Target, _keyBuffer);
        if (_aggregator.Add(_keyBuffer.AsSpan(0, keyLength)))
        {
            _stats.LinesCounted++;
        }
        else if (_droppedLog.TryAcquire(out _))
        {
            _log.Warning(
                "Too many keys pending ({DroppedHits} hits dropped so far): Redis is not keeping up or is unreachable; raise --max-pending-keys or check Redis",
                _aggregator.DroppedHits);
        }
    }

    public void OnLineTooLong(ReadOnlySpan<byte> start)
    {
        _stats.LinesRead++;
        _stats.LinesTooLong++;
        Reject(start, "line longer than --max-line-length");
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
