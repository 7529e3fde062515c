using System.Runtime.CompilerServices;
using LogPipe.Counting;
using LogPipe.Filtering;
using LogPipe.Input;
using LogPipe.Logging;
using LogPipe.Parsing;
using LogPipe.Worker;
using Serilog;

namespace LogPipe.Pipeline;

/// <summary>
/// The per-line hot path: parse, classify by the page-view rule, write a page view's structured key
/// (<see cref="CounterKey"/>) and the line's report keys (<see cref="ReportWriter"/>) into the chunk's
/// <see cref="KeyBatch"/>, and count the chunk's keys when it ends. No allocation per line; a bad line costs a counter
/// and, a few times a minute, a log entry.
/// The small helpers it calls on every line are marked for aggressive inlining: the native compiler's budget for this
/// method runs out before them, and perf showed each as a call of its own.
/// </summary>
internal sealed class LineProcessor : ILineHandler
{
    // A few examples a minute are enough to diagnose a bad feed; the counters carry the totals.
    private const int RejectedLinesLoggedPerMinute = 5;

    private readonly AccessLogParser _parser;
    private readonly PageViewRule _rule;
    private readonly byte _pages;
    private readonly bool _keyedByHost;
    private readonly int _maxPathLength;
    private readonly HitAggregator _aggregator;
    private readonly WorkerStats _stats;
    private readonly ILogger _log;
    private readonly RateLimiter _rejectedLog = new(RejectedLinesLoggedPerMinute, TimeSpan.FromMinutes(1));
    private readonly RateLimiter _pendingLog = new(1, TimeSpan.FromMinutes(1));
    private readonly KeyBatch _keys;
    private readonly DayReader _days;
    private readonly ReportWriter? _reports;
    private readonly Action _addKeys;

    // Whether the fields read after the required ones (user agent, referer) are read for a page view, and for any line.
    private readonly bool _readsWantedForPageViews;
    private readonly bool _readsWantedForAll;

    // Whether every parsed line has its day read and is counted as a request, or page views only.
    private readonly bool _readsDayOfEveryLine;

    // Page keys in the batch: the lines it counts.
    private int _pageViewsInBatch;

    /// <param name="format">The format of the lines.</param>
    /// <param name="rule">What counts as a page view, and under which path.</param>
    /// <param name="pages">The page-view counter.</param>
    /// <param name="maxPathLength">Longer paths count under the day's overflow key.</param>
    /// <param name="aggregator">Where the keys are counted.</param>
    /// <param name="stats">The reader's figures.</param>
    /// <param name="log">Where rejected lines are told, a few a minute.</param>
    /// <param name="reports">The reports a line feeds besides the page counter; null for none.</param>
    public LineProcessor(LogFormat format, PageViewRule rule, CounterDefinition pages, int maxPathLength, HitAggregator aggregator, WorkerStats stats, ILogger log, ReportWriter? reports = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(pages);

        // A key with {host} needs each line's virtual host, which lines are otherwise not searched for.
        _keyedByHost = pages.Key.UsesHost;
        var wanted = rule.WantedFields | (reports?.WantedFields ?? 0);
        _parser = new AccessLogParser(format, wanted, _keyedByHost ? [LogField.VirtualHost] : []);
        _reports = reports;
        _readsWantedForPageViews = wanted != 0;
        _readsWantedForAll = rule.ChecksUserAgent && reports?.CountsCrawlers == true;
        _readsDayOfEveryLine = reports?.CountsEveryRequest == true;
        _rule = rule;
        _pages = pages.Id;
        _maxPathLength = maxPathLength;
        _aggregator = aggregator;
        _stats = stats;
        _log = log;
        var maxMemberLength = Math.Max(Math.Max(maxPathLength, CounterKey.Overflow.Length), reports?.MaxMemberLength ?? 0);
        _keys = new KeyBatch(CounterKey.MaxLength(maxMemberLength), 1 + (reports is null ? 0 : ReportWriter.KeysPerLine));
        _days = new DayReader(OnLaterDay);
        _addKeys = AddKeys;
    }

    public void EndChunk() => CountKeys();

    public void OnLine(ReadOnlySpan<byte> line)
    {
        _stats.LinesRead++;
        if (!_parser.TryParseRequiredFirst(line, out var entry))
        {
            Reject(line, "malformed line");
            return;
        }

        // A line has its day read when something counts it: every line for the statuses and crawlers reports, else
        // a page view only, so that the page counter alone costs what it did before the reports.
        if (_readsDayOfEveryLine && !_days.TryRead(entry.Time))
        {
            Reject(line, "bad timestamp");
            return;
        }

        // The user agent (and the referer) is read only for a line that needs it: most others never do.
        var kind = _rule.ClassifyRequest(entry, out var path);
        var crawler = UserAgentClassifier.NotACrawler;
        if (kind == LineKind.PageView ? _readsWantedForPageViews : _readsWantedForAll)
        {
            _parser.ReadWanted(line, ref entry);
            crawler = _rule.ClassifyUserAgent(entry.UserAgent);
            kind = kind == LineKind.PageView && crawler >= 0 ? LineKind.Crawler : kind;
        }

        if (kind != LineKind.PageView)
        {
            if (_readsDayOfEveryLine)
            {
                CountRequest(entry, crawler);
            }

            CountNotAPageView(kind);
            return;
        }

        if (!_readsDayOfEveryLine && !_days.TryRead(entry.Time))
        {
            Reject(line, "bad timestamp");
            return;
        }

        var host = CountRequest(entry, crawler);
        if (path.Length > _maxPathLength)
        {
            _stats.PathsTooLong++;
            path = CounterKey.Overflow;
        }

        _keys.Commit(CounterKey.Write(_pages, _days.Date, host, path, _keys.NextKey));
        _pageViewsInBatch++;
        _reports?.OnPageView(entry, _days.Date, host, _keys);
    }

    // Makes room for the line's keys, and counts the request in the reports that count every request; returns the
    // host the line's keys are of.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> CountRequest(scoped in LogEntry entry, int crawler)
    {
        // Keys are counted together at the end of the chunk (or when the batch is full), where their lookups overlap.
        if (_keys.IsFull)
        {
            CountKeys();
        }

        var host = _keyedByHost ? entry.VirtualHost : default;
        _reports?.OnRequest(entry.Status, crawler, _days.Date, host, _keys, _addKeys);
        return host;
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

    private void CountNotAPageView(LineKind kind)
    {
        _stats.LinesIgnored++;
        switch (kind)
        {
            case LineKind.Asset:
                _stats.LinesAssets++;
                break;
            case LineKind.Error:
                _stats.LinesErrors++;
                break;
            case LineKind.Crawler:
                _stats.LinesCrawlers++;
                break;
            case LineKind.NotAPage:
                _stats.LinesNotPages++;
                break;
        }
    }

    // The tally of the reports too, then the batch.
    private void CountKeys()
    {
        _reports?.Spill(_keys, _addKeys);
        AddKeys();
    }

    private void AddKeys()
    {
        var folded = _aggregator.FoldedHits;
        var dropped = _aggregator.AddAll(_keys, _pages);
        _stats.LinesCounted += _pageViewsInBatch - dropped;
        _pageViewsInBatch = 0;
        _keys.Clear();
        if ((dropped > 0 || _aggregator.FoldedHits > folded) && _pendingLog.TryAcquire(out _))
        {
            _log.Warning(
                "Too many keys pending ({FoldedHits} views of new paths counted under their day's (other) key so far, {DroppedHits} dropped): Redis is not keeping up or is unreachable; raise --max-pending-keys or check Redis",
                _aggregator.FoldedHits,
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
