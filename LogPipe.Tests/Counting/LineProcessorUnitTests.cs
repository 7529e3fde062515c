using System.Text;
using LogPipe.Counting;
using LogPipe.Filtering;
using LogPipe.Input;
using LogPipe.Parsing;
using LogPipe.Tests.Input;
using LogPipe.Tests.Support;
using LogPipe.Worker;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LogPipe.Tests.Counting;

public sealed class LineProcessorUnitTests
{
    private const int MaxLineLength = 1024;

    [Fact]
    public void Get_counts_under_its_key_for_the_day_written_in_the_line()
    {
        using var harness = new Harness();

        harness.Feed("""
            192.0.2.1 - - [31/Dec/2026:23:59:59 -0500] "GET /a?b=1 HTTP/1.1" 200 10 "-" "curl/8.5.0"
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-12-31:/a?b=1"] = 1 }, harness.Counts());
        Assert.Equal(1, harness.Stats.LinesRead);
        Assert.Equal(1, harness.Stats.LinesCounted);
        Assert.Equal(0, harness.Stats.LinesRejected);
    }

    [Fact]
    public void Same_path_on_two_days_counts_under_two_keys()
    {
        using var harness = new Harness();

        harness.Feed(
            """
            192.0.2.1 - - [28/Nov/2026:23:59:59 +0100] "GET /a HTTP/1.1" 200 10 "-" "-"
            """u8);
        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:00:00:00 +0100] "GET /a HTTP/1.1" 200 10 "-" "-"
            """u8);
        harness.Feed(
            """
            192.0.2.2 - - [29/Nov/2026:00:00:01 +0100] "GET /a HTTP/1.1" 304 - "-" "-"
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-28:/a"] = 1, ["hits:2026-11-29:/a"] = 2 }, harness.Counts());
    }

    [Fact]
    public void Key_template_decides_the_key()
    {
        using var harness = new Harness(template: "{date}{path}");

        harness.Feed("""
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "GET /articles/42 HTTP/1.1" 200 10 "-" "-"
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["2026-11-29/articles/42"] = 1 }, harness.Counts());
    }

    [Fact]
    public void Host_in_the_key_template_counts_each_virtual_host_apart()
    {
        Assert.True(LogFormat.TryResolve("vhost_combined", out var format, out _));
        using var harness = new Harness(template: "hits:{host}:{date}:{path}", format: format);

        harness.Feed("""
            www.example.com:443 192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "GET / HTTP/1.1" 200 10 "-" "-"
            """u8);
        harness.Feed("""
            blog.example.com:443 192.0.2.2 - - [29/Nov/2026:08:00:01 +0100] "GET / HTTP/1.1" 200 10 "-" "-"
            """u8);
        harness.Feed("""
            www.example.com:80 192.0.2.3 - - [29/Nov/2026:08:00:02 +0100] "GET / HTTP/1.1" 301 0 "-" "-"
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["hits:www.example.com:2026-11-29:/"] = 2, ["hits:blog.example.com:2026-11-29:/"] = 1 }, harness.Counts());
    }

    [Fact]
    public void Host_is_read_where_the_format_would_take_the_fast_path()
    {
        Assert.True(LogFormat.TryResolve("%v %h %l %u %t \"%r\" %>s %b", out var format, out var error), error);
        using var harness = new Harness(template: "{host}{path}", format: format);

        harness.Feed("""
            www.example.com 192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "GET /a HTTP/1.1" 200 10
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["www.example.com/a"] = 1 }, harness.Counts());
    }

    [Fact]
    public void Head_and_post_are_ignored_by_default()
    {
        using var harness = new Harness();

        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "HEAD /a HTTP/1.1" 200 - "-" "-"
            """u8);
        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "POST /a HTTP/1.1" 201 5 "-" "-"
            """u8);
        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "get /a HTTP/1.1" 200 5 "-" "-"
            """u8);

        Assert.Empty(harness.Counts());
        Assert.Equal(3, harness.Stats.LinesIgnored);
        Assert.Equal(0, harness.Stats.LinesRejected);
    }

    [Fact]
    public void Dash_request_and_request_without_target_are_ignored()
    {
        using var harness = new Harness();

        harness.Feed(
            """
            198.51.100.23 - - [29/Nov/2026:08:15:01 +0100] "-" 408 - "-" "-"
            """u8);
        harness.Feed(
            """
            198.51.100.23 - - [29/Nov/2026:08:15:01 +0100] "GET" 400 226 "-" "-"
            """u8);

        Assert.Empty(harness.Counts());
        Assert.Equal(2, harness.Stats.LinesIgnored);
        Assert.Equal(0, harness.Stats.LinesRejected);
    }

    [Fact]
    public void Malformed_line_is_rejected_and_counted()
    {
        using var harness = new Harness();

        harness.Feed("this is not an access log line"u8);

        Assert.Empty(harness.Counts());
        Assert.Equal(1, harness.Stats.LinesRead);
        Assert.Equal(1, harness.Stats.LinesRejected);
        Assert.Equal(0, harness.Stats.LinesIgnored);
    }

    [Fact]
    public void Bad_timestamp_is_rejected()
    {
        using var harness = new Harness();

        harness.Feed("""
            192.0.2.1 - - [31/Feb/2026:08:00:00 +0100] "GET /a HTTP/1.1" 200 10 "-" "-"
            """u8);

        Assert.Empty(harness.Counts());
        Assert.Equal(1, harness.Stats.LinesRejected);
        Assert.Equal(0, harness.Stats.LinesCounted);
    }

    [Fact]
    public void Too_long_line_is_counted_as_read_rejected_and_too_long()
    {
        using var harness = new Harness();

        harness.Processor.OnLineTooLong(Encoding.ASCII.GetBytes(new string('x', 100)));
        harness.Processor.EndChunk();

        Assert.Equal(1, harness.Stats.LinesRead);
        Assert.Equal(1, harness.Stats.LinesRejected);
        Assert.Equal(1, harness.Stats.LinesTooLong);
    }

    [Fact]
    public void Lines_from_a_line_reader_are_counted_and_a_too_long_one_rejected()
    {
        using var harness = new Harness();
        var input = Encoding.ASCII.GetBytes(
            "192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] \"GET /a HTTP/1.1\" 200 10 \"-\" \"-\"\r\n"
            + "192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] \"GET /" + new string('l', 2 * MaxLineLength) + " HTTP/1.1\" 200 10 \"-\" \"-\"\n"
            + "192.0.2.1 - - [29/Nov/2026:08:00:01 +0100] \"GET /a HTTP/1.1\" 200 10 \"-\" \"-\"\n");

        Assert.True(new LineReader(MaxLineLength).ReadToEnd(new ChunkedStream(input, bytesPerRead: 100), harness.Processor));

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a"] = 2 }, harness.Counts());
        Assert.Equal(3, harness.Stats.LinesRead);
        Assert.Equal(1, harness.Stats.LinesTooLong);
        Assert.Equal(1, harness.Stats.LinesRejected);
    }

    [Fact]
    public void Methods_get_and_head_count_both()
    {
        using var harness = new Harness(methods: ["GET", "HEAD"]);

        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "GET /a HTTP/1.1" 200 10 "-" "-"
            """u8);
        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "HEAD /a HTTP/1.1" 200 - "-" "-"
            """u8);
        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "POST /a HTTP/1.1" 200 - "-" "-"
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a"] = 2 }, harness.Counts());
        Assert.Equal(2, harness.Stats.LinesCounted);
        Assert.Equal(1, harness.Stats.LinesIgnored);
    }

    [Fact]
    public void Rejected_lines_are_logged_a_few_times_a_minute_not_every_time()
    {
        var sink = new CollectingSink();
        using var harness = new Harness(sink: sink);

        for (var i = 0; i < 20; i++)
        {
            harness.Feed("garbage\x01\xFF"u8);
        }

        Assert.Equal(20, harness.Stats.LinesRejected);
        Assert.InRange(sink.Events.Count, 1, 5);
        Assert.All(sink.Events, e => Assert.Equal(LogEventLevel.Warning, e.Level));
    }

    [Fact]
    public void Hit_dropped_past_the_pending_limit_is_not_counted()
    {
        using var harness = new Harness(maxPendingKeys: 1);

        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "GET /a HTTP/1.1" 200 10 "-" "-"
            """u8);
        harness.Feed(
            """
            192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "GET /b HTTP/1.1" 200 10 "-" "-"
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a"] = 1 }, harness.Counts());
        Assert.Equal(1, harness.Stats.LinesCounted);
        Assert.Equal(1, harness.Aggregator.DroppedHits);
    }

    [Fact]
    public async Task Later_day_counts_the_keys_read_before_it_wakes_the_flusher_and_sends_them_apart_from_its_own()
    {
        using var harness = new Harness();
        using var cancel = new CancellationTokenSource();
        harness.Processor.OnLine("""
            192.0.2.1 - - [28/Nov/2026:23:59:58 +0100] "GET /a HTTP/1.1" 200 10 "-" "-"
            """u8);
        harness.Processor.OnLine("""
            192.0.2.1 - - [28/Nov/2026:23:59:59 +0100] "GET /b HTTP/1.1" 200 10 "-" "-"
            """u8);
        var wait = harness.Aggregator.WaitForFlushAsync(TimeSpan.FromMinutes(1), cancel.Token);
        Assert.False(wait.IsCompleted);
        Assert.Equal(0, harness.Aggregator.PendingKeys);

        harness.Processor.OnLine("""
            192.0.2.1 - - [29/Nov/2026:00:00:00 +0100] "GET /a HTTP/1.1" 200 10 "-" "-"
            """u8);

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, harness.Aggregator.PendingKeys);
        harness.Processor.EndChunk();
        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-28:/a"] = 1, ["hits:2026-11-28:/b"] = 1 }, harness.NextFlush());
        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a"] = 1 }, harness.NextFlush());
    }

    private sealed class Harness : IDisposable
    {
        private readonly Logger _log;

        public Harness(string template = KeyTemplate.Default, string[]? methods = null, int maxPendingKeys = 1000, ILogEventSink? sink = null, LogFormat? format = null)
        {
            Assert.True(KeyTemplate.TryParse(template, out var keyTemplate, out var error), error);
            var configuration = new LoggerConfiguration();
            if (sink is not null)
            {
                configuration.WriteTo.Sink(sink);
            }

            _log = configuration.CreateLogger();
            Aggregator = new HitAggregator(maxPendingKeys, flushSoonKeys: 1000);
            Processor = new LineProcessor(
                format ?? LogFormat.Combined,
                new MethodFilter(methods ?? ["GET"]),
                keyTemplate!,
                MaxLineLength,
                Aggregator,
                Stats,
                _log);
        }

        public WorkerStats Stats { get; } = new();

        public HitAggregator Aggregator { get; }

        public LineProcessor Processor { get; }

        public void Feed(ReadOnlySpan<byte> line)
        {
            Processor.OnLine(line);
            Processor.EndChunk();
        }

        /// <summary>Every pending count, from as many flushes as it takes.</summary>
        public Dictionary<string, long> Counts()
        {
            var counts = new Dictionary<string, long>();
            for (var flush = NextFlush(); flush.Count > 0; flush = NextFlush())
            {
                foreach (var (key, hits) in flush)
                {
                    counts[key] = counts.GetValueOrDefault(key) + hits;
                }
            }

            return counts;
        }

        /// <summary>The counts one flush takes; empty when nothing is pending.</summary>
        public Dictionary<string, long> NextFlush()
        {
            var counts = new Dictionary<string, long>();
            var table = Aggregator.TakeForFlush();
            if (table is null)
            {
                return counts;
            }

            foreach (var (key, hits) in table)
            {
                counts.Add(Encoding.Latin1.GetString(key), hits);
            }

            Aggregator.CompleteFlush();
            return counts;
        }

        public void Dispose()
        {
            Aggregator.Dispose();
            _log.Dispose();
        }
    }
}
