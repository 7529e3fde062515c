using System.Text;
using LogPipe.Counting;
using LogPipe.Filtering;
using LogPipe.Input;
using LogPipe.Parsing;
using LogPipe.Tests.Input;
using LogPipe.Tests.Support;
using LogPipe.Pipeline;
using LogPipe.Worker;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace LogPipe.Tests.Pipeline;

public sealed class LineProcessorUnitTests
{
    private const int MaxLineLength = 1024;

    [Fact]
    public void Get_counts_under_its_path_without_the_query_for_the_day_written_in_the_line()
    {
        using var harness = new Harness();

        harness.Feed("""
            192.0.2.1 - - [31/Dec/2026:23:59:59 -0500] "GET /a?b=1 HTTP/1.1" 200 10 "-" "curl/8.5.0"
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-12-31:/a"] = 1 }, harness.Counts());
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
            www.example.com:80 192.0.2.3 - - [29/Nov/2026:08:00:02 +0100] "GET / HTTP/1.1" 304 0 "-" "-"
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["hits:www.example.com:2026-11-29:/"] = 2, ["hits:blog.example.com:2026-11-29:/"] = 1 }, harness.Counts());
    }

    [Fact]
    public void Host_is_read_where_the_format_would_take_the_fast_path()
    {
        Assert.True(LogFormat.TryResolve("%v %h %l %u %t \"%r\" %>s %b", out var format, out var error), error);
        using var harness = new Harness(template: "h:{host}{path}", format: format);

        harness.Feed("""
            www.example.com 192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] "GET /a HTTP/1.1" 200 10
            """u8);

        Assert.Equal(new Dictionary<string, long> { ["h:www.example.com/a"] = 1 }, harness.Counts());
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
    public void View_of_a_new_path_past_the_pending_limit_counts_under_the_days_overflow_key()
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

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a"] = 1, ["hits:2026-11-29:(other)"] = 1 }, harness.Counts());
        Assert.Equal(2, harness.Stats.LinesCounted);
        Assert.Equal(1, harness.Aggregator.FoldedHits);
        Assert.Equal(0, harness.Aggregator.DroppedHits);
    }

    [Fact]
    public void Default_rule_counts_a_browsers_page_view_and_nothing_else()
    {
        using var harness = new Harness(crawlers: true);

        harness.Feed(Line("GET /page HTTP/1.1", 200, Browser));
        harness.Feed(Line("GET /page?utm_source=x HTTP/1.1", 304, Browser));
        harness.Feed(Line("GET /page HTTP/1.1", 200, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        harness.Feed(Line("GET /page HTTP/1.1", 200, "curl/8.5.0"));
        harness.Feed(Line("GET /page HTTP/1.1", 200, "-"));
        harness.Feed(Line("GET /static/Site.CSS HTTP/1.1", 200, Browser));
        harness.Feed(Line("GET /missing.html HTTP/1.1", 404, Browser));
        harness.Feed(Line("GET /old HTTP/1.1", 301, Browser));
        harness.Feed(Line("POST /page HTTP/1.1", 200, Browser));
        harness.Feed(Line("GET * HTTP/1.1", 200, Browser));

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/page"] = 2 }, harness.Counts());
        Assert.Equal(10, harness.Stats.LinesRead);
        Assert.Equal(2, harness.Stats.LinesCounted);
        Assert.Equal(8, harness.Stats.LinesIgnored);
        Assert.Equal(3, harness.Stats.LinesCrawlers);
        Assert.Equal(1, harness.Stats.LinesAssets);
        Assert.Equal(2, harness.Stats.LinesErrors);
        Assert.Equal(1, harness.Stats.LinesNotPages);
    }

    [Fact]
    public void Absolute_form_target_counts_as_its_path()
    {
        using var harness = new Harness(crawlers: true);

        harness.Feed(Line("GET http://www.example.com/a/b?c=1 HTTP/1.1", 200, Browser));
        harness.Feed(Line("GET HTTPS://www.example.com HTTP/1.1", 200, Browser));

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a/b"] = 1, ["hits:2026-11-29:/"] = 1 }, harness.Counts());
    }

    [Fact]
    public void Keep_query_counts_the_target_as_logged()
    {
        using var harness = new Harness(crawlers: true, keepQuery: true);

        harness.Feed(Line("GET /a?ref=home HTTP/1.1", 200, Browser));
        harness.Feed(Line("GET /a HTTP/1.1", 200, Browser));

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a?ref=home"] = 1, ["hits:2026-11-29:/a"] = 1 }, harness.Counts());
    }

    [Fact]
    public void Count_all_counts_every_get_under_its_target_whatever_its_status_or_client()
    {
        using var harness = new Harness(crawlers: true, countAll: true);

        harness.Feed(Line("GET /a?ref=home HTTP/1.1", 404, "curl/8.5.0"));
        harness.Feed(Line("GET /site.css HTTP/1.1", 200, Browser));
        harness.Feed(Line("HEAD /a HTTP/1.1", 200, Browser));

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a?ref=home"] = 1, ["hits:2026-11-29:/site.css"] = 1 }, harness.Counts());
    }

    [Fact]
    public void Custom_statuses_decide_which_responses_are_views()
    {
        using var harness = new Harness(statuses: "200,404");

        harness.Feed(Line("GET /a HTTP/1.1", 404, Browser));
        harness.Feed(Line("GET /a HTTP/1.1", 304, Browser));

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/a"] = 1 }, harness.Counts());
    }

    [Fact]
    public void Path_longer_than_the_limit_counts_under_the_days_overflow_key()
    {
        using var harness = new Harness(maxPathLength: 8);

        harness.Feed(Line("GET /1234567 HTTP/1.1", 200, Browser));
        harness.Feed(Line("GET /12345678 HTTP/1.1", 200, Browser));

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-11-29:/1234567"] = 1, ["hits:2026-11-29:(other)"] = 1 }, harness.Counts());
        Assert.Equal(1, harness.Stats.PathsTooLong);
        Assert.Equal(2, harness.Stats.LinesCounted);
    }

    private const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    // A combined line of 29 Nov 2026 with the request line, status and user agent given.
    private static byte[] Line(string request, int status, string agent) =>
        Encoding.ASCII.GetBytes($"192.0.2.1 - - [29/Nov/2026:08:00:00 +0100] \"{request}\" {status} 10 \"-\" \"{agent}\"");

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

        public Harness(
            string template = KeyTemplate.Default,
            string[]? methods = null,
            int maxPendingKeys = 1000,
            ILogEventSink? sink = null,
            LogFormat? format = null,
            bool crawlers = false,
            bool keepQuery = false,
            bool countAll = false,
            string statuses = StatusFilter.Default,
            int maxPathLength = 1024)
        {
            Counter = TestCounters.Pages(template);
            var configuration = new LoggerConfiguration();
            if (sink is not null)
            {
                configuration.WriteTo.Sink(sink);
            }

            _log = configuration.CreateLogger();
            Assert.True(StatusFilter.TryParse(statuses, out var statusFilter, out var error), error);
            Assert.True(AssetFilter.TryParse(AssetFilter.Default, out var assets, out error), error);
            var rule = new PageViewRule(
                new MethodFilter(methods ?? ["GET"]),
                statusFilter,
                assets!,
                crawlers ? UserAgentClassifier.CreateDefault() : null,
                keepQuery,
                countAll);
            Aggregator = new HitAggregator(maxPendingKeys, flushSoonKeys: 1000);
            Processor = new LineProcessor(format ?? LogFormat.Combined, rule, Counter, maxPathLength, Aggregator, Stats, _log);
        }

        public CounterDefinition Counter { get; }

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
                counts.Add(TestCounters.Render(Counter, key), hits);
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
