using BenchmarkDotNet.Attributes;
using LogPipe.Counting;
using LogPipe.Filtering;
using LogPipe.Input;
using LogPipe.Parsing;
using LogPipe.Pipeline;
using LogPipe.Reports;
using LogPipe.Worker;

namespace LogPipe.Benchmarks;

/// <summary>
/// The worker's per-line path without Redis: LineReader, LineProcessor (parse, classify by the default page-view rule, key,
/// and with <see cref="Reports"/> every report's keys and tallies) and HitAggregator, set up as WorkerHost does. The
/// aggregator is never flushed, so after the first invocation every key exists: this is the steady state, where a line
/// costs no allocation. A key seen for the first time costs one (its byte[]), per key, not per line.
/// </summary>
public class PerLinePathBenchmarks
{
    private LineReader _reader = null!;
    private MemoryStream _input = null!;
    private LineProcessor _processor = null!;
    private HitAggregator _aggregator = null!;
    private WorkerStats _stats = null!;
    private byte[] _bytes = null!;
    private Range[] _lines = null!;

    /// <summary>Every report (the default), or none (<c>--reports none</c>).</summary>
    [Params(false, true)]
    public bool Reports { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var log = GeneratedLog.Instance;
        _bytes = log.Bytes;
        _lines = log.LineRanges;
        _input = new MemoryStream(log.Bytes, writable: false);
        _reader = new LineReader(GeneratedLog.MaxLineLength);
        _stats = new WorkerStats();

        // Room for every key, and no early flush signal: nothing here takes tables away.
        _aggregator = new HitAggregator(maxPendingKeys: 1_000_000, flushSoonKeys: int.MaxValue);
        if (!KeyTemplate.TryParse(KeyTemplate.Default, out var template, out var error)
            || !StatusFilter.TryParse(StatusFilter.Default, out var statuses, out error)
            || !AssetFilter.TryParse(AssetFilter.Default, out var assets, out error))
        {
            throw new InvalidOperationException(error);
        }

        // The default page-view rule, as WorkerHost builds it for a combined log.
        var rule = new PageViewRule(new MethodFilter(["GET"]), statuses, assets!, UserAgentClassifier.CreateDefault(), keepQuery: false, countAll: false);
        var reports = new ReportCounters(Reports ? ReportKinds.All : ReportKinds.None, perHost: false, keepDays: 35, maxMembersPerDay: 100_000);
        var pages = CounterDefinition.PageViews(template!, TimeSpan.FromHours(24), 100_000, reports.Mirrors);
        _processor = new LineProcessor(
            LogFormat.Combined,
            rule,
            pages,
            1024,
            _aggregator,
            _stats,
            Serilog.Core.Logger.None,
            Reports ? new ReportWriter(reports, new ReferrerFilter(["www.example.com"], []), CrawlerList.Default.ReportNameBytes, 1024) : null);

        // Create every key once, so the measured invocations are the steady state.
        _input.Position = 0;
        _reader.ReadToEnd(_input, _processor);
        if (!Reports && _aggregator.PendingKeys != log.DistinctKeys)
        {
            throw new InvalidOperationException($"counted {_aggregator.PendingKeys} keys, expected {log.DistinctKeys}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _input.Dispose();
        _aggregator.Dispose();
    }

    [Benchmark(OperationsPerInvoke = GeneratedLog.Lines, Description = "Full per-line path (LineReader + LineProcessor + HitAggregator)")]
    public long ReadParseCount()
    {
        _input.Position = 0;
        _reader.ReadToEnd(_input, _processor);
        return _stats.LinesCounted;
    }

    [Benchmark(OperationsPerInvoke = GeneratedLog.Lines, Description = "Process pre-split lines (LineProcessor + HitAggregator)")]
    public long ParseCount()
    {
        var bytes = _bytes;
        foreach (var range in _lines)
        {
            _processor.OnLine(bytes.AsSpan(range));
        }

        _processor.EndChunk();

        return _stats.LinesCounted;
    }
}
