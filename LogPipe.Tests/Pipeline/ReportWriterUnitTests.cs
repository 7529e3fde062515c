using System.Text;
using LogPipe.Counting;
using LogPipe.Filtering;
using LogPipe.Parsing;
using LogPipe.Pipeline;
using LogPipe.Reports;
using LogPipe.Storage;
using LogPipe.Worker;
using Serilog;

namespace LogPipe.Tests.Pipeline;

/// <summary>
/// What each line feeds into the reports, through the line processor, the batch cutter and the dry-run store (which
/// applies a batch as the flush script does): every key and member of the dry run's report.
/// </summary>
public sealed class ReportWriterUnitTests
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    [Fact]
    public void A_page_view_feeds_every_report()
    {
        var report = Run(
            Line("192.0.2.1", "06/Dec/2026:10:15:42 +0100", "GET /a?utm_source=news&utm_medium=email&utm_campaign=winter+sale", 200, "https://Other.example.org/x", Browser));

        Assert.Equal(
            new Dictionary<string, long>
            {
                ["hits:2026-12-06:/a"] = 1,
                ["views:2026-12-06"] = 1,
                ["visitors:2026-12-06"] = 1,
                ["pages:2026-12-06\t/a"] = 1,
                ["referrers:2026-12-06\tother.example.org"] = 1,
                ["campaigns:2026-12-06\t\"news/email/winter sale\""] = 1,
                ["statuses:2026-12-06\t200"] = 1,
                ["minutes:2026-12-06\t10:15"] = 1,
            },
            report);
    }

    [Fact]
    public void Every_request_counts_by_status_and_a_crawler_by_name_whatever_its_method_path_or_status()
    {
        var report = Run(
            Line("192.0.2.1", "06/Dec/2026:10:15:42 +0100", "POST /login", 302, "-", Browser),
            Line("192.0.2.1", "06/Dec/2026:10:15:43 +0100", "GET /site.css", 200, "-", Browser),
            Line("66.249.66.1", "06/Dec/2026:10:15:44 +0100", "GET /missing", 404, "-", Googlebot),
            Line("66.249.66.1", "06/Dec/2026:10:15:45 +0100", "GET /robots.txt", 200, "-", Googlebot),
            Line("66.249.66.1", "06/Dec/2026:10:15:46 +0100", "GET /a", 200, "-", Googlebot),
            Line("198.51.100.7", "06/Dec/2026:10:15:47 +0100", "HEAD /a", 200, "-", "-"));

        Assert.Equal(
            new Dictionary<string, long>
            {
                ["statuses:2026-12-06\t200"] = 4,
                ["statuses:2026-12-06\t302"] = 1,
                ["statuses:2026-12-06\t404"] = 1,
                ["crawlers:2026-12-06\tGooglebot"] = 3,
                ["crawlers:2026-12-06\t\"(no user agent)\""] = 1,
            },
            report);
    }

    [Fact]
    public void Referers_from_the_site_itself_or_none_count_no_referrer()
    {
        var report = Run(
            ["www.example.com"],
            Line("192.0.2.1", "06/Dec/2026:10:15:42 +0100", "GET /a", 200, "https://www.example.com/", Browser),
            Line("192.0.2.1", "06/Dec/2026:10:15:43 +0100", "GET /b", 200, "-", Browser),
            Line("192.0.2.1", "06/Dec/2026:10:15:44 +0100", "GET /c", 200, "android-app://com.google.android.gm/", Browser),
            Line("192.0.2.1", "06/Dec/2026:10:15:45 +0100", "GET /d", 200, "https://www.google.com/search?q=x", Browser));

        Assert.Equal(
            new Dictionary<string, long> { ["referrers:2026-12-06\tcom.google.android.gm"] = 1, ["referrers:2026-12-06\twww.google.com"] = 1 },
            Only(report, "referrers:"));
    }

    [Fact]
    public void A_visitor_is_an_address_with_a_user_agent()
    {
        var report = Run(
            Line("192.0.2.1", "06/Dec/2026:10:15:42 +0100", "GET /a", 200, "-", Browser),
            Line("192.0.2.1", "06/Dec/2026:10:16:42 +0100", "GET /b", 200, "-", Browser),
            Line("192.0.2.1", "06/Dec/2026:10:17:42 +0100", "GET /c", 200, "-", Browser + " Edg/131"),
            Line("192.0.2.2", "06/Dec/2026:10:18:42 +0100", "GET /d", 200, "-", Browser),
            Line("192.0.2.3", "06/Dec/2026:10:19:42 +0100", "GET /d", 200, "-", Googlebot));

        Assert.Equal(3, report["visitors:2026-12-06"]);
        Assert.Equal(4, report["views:2026-12-06"]);
    }

    [Fact]
    public void Each_line_counts_on_its_own_day_and_minute()
    {
        var report = Run(
            Line("192.0.2.1", "05/Dec/2026:23:59:59 +0100", "GET /a", 200, "-", Browser),
            Line("192.0.2.1", "06/Dec/2026:00:00:00 +0100", "GET /a", 200, "-", Browser),
            Line("192.0.2.1", "06/Dec/2026:00:00:30 +0100", "GET /a", 304, "-", Browser));

        Assert.Equal(
            new Dictionary<string, long> { ["minutes:2026-12-05\t23:59"] = 1, ["minutes:2026-12-06\t00:00"] = 2 },
            Only(report, "minutes:"));
        Assert.Equal(
            new Dictionary<string, long> { ["pages:2026-12-05\t/a"] = 1, ["pages:2026-12-06\t/a"] = 2 },
            Only(report, "pages:"));
    }

    [Fact]
    public void Reports_none_writes_only_the_page_keys()
    {
        var report = Run(
            ReportKinds.None,
            Line("192.0.2.1", "06/Dec/2026:10:15:42 +0100", "GET /a?utm_source=x", 200, "https://other.example/", Browser),
            Line("66.249.66.1", "06/Dec/2026:10:15:44 +0100", "GET /missing", 404, "-", Googlebot));

        Assert.Equal(new Dictionary<string, long> { ["hits:2026-12-06:/a"] = 1 }, report);
    }

    [Fact]
    public void A_path_too_long_for_its_own_key_counts_as_other_in_the_pages_report_too()
    {
        var report = Run(Line("192.0.2.1", "06/Dec/2026:10:15:42 +0100", "GET /" + new string('x', 2000), 200, "-", Browser));

        Assert.Equal(1, report["pages:2026-12-06\t(other)"]);
        Assert.Equal(1, report["hits:2026-12-06:(other)"]);
    }

    [Fact]
    public void With_host_in_the_key_template_each_host_has_its_own_reports()
    {
        Assert.True(LogFormat.TryResolve("vhost_combined", out var format, out _));
        var report = Run(
            ReportKinds.Views | ReportKinds.Referrers,
            "hits:{host}:{date}:{path}",
            format!,
            [],
            "www.example.com:443 " + Line("192.0.2.1", "06/Dec/2026:10:15:42 +0100", "GET /a", 200, "https://www.example.com/", Browser),
            "blog.example.com:443 " + Line("192.0.2.1", "06/Dec/2026:10:15:43 +0100", "GET /a", 200, "https://www.example.com/", Browser));

        Assert.Equal(
            new Dictionary<string, long>
            {
                ["hits:www.example.com:2026-12-06:/a"] = 1,
                ["hits:blog.example.com:2026-12-06:/a"] = 1,
                ["www.example.com:views:2026-12-06"] = 1,
                ["blog.example.com:views:2026-12-06"] = 1,
                ["blog.example.com:referrers:2026-12-06\twww.example.com"] = 1,
            },
            report);
    }

    private static string Line(string client, string time, string request, int status, string referer, string userAgent) =>
        $"{client} - - [{time}] \"{request} HTTP/1.1\" {status} 100 \"{referer}\" \"{userAgent}\"";

    private static Dictionary<string, long> Only(Dictionary<string, long> report, string prefix) =>
        report.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary();

    private static Dictionary<string, long> Run(params string[] lines) => Run(ReportKinds.All, lines);

    private static Dictionary<string, long> Run(string[] siteHosts, params string[] lines) =>
        Run(ReportKinds.All, KeyTemplate.Default, LogFormat.Combined, siteHosts, lines);

    private static Dictionary<string, long> Run(ReportKinds kinds, params string[] lines) =>
        Run(kinds, KeyTemplate.Default, LogFormat.Combined, ["www.example.com"], lines);

    private static Dictionary<string, long> Run(ReportKinds kinds, string template, LogFormat format, string[] siteHosts, params string[] lines)
    {
        Assert.True(KeyTemplate.TryParse(template, out var keyTemplate, out var error), error);
        var reports = new ReportCounters(kinds, keyTemplate!.UsesHost, keepDays: 35, maxMembersPerDay: 100);
        var pages = CounterDefinition.PageViews(keyTemplate, TimeSpan.FromHours(24), 100_000, reports.Mirrors);
        Assert.True(StatusFilter.TryParse(StatusFilter.Default, out var statuses, out error), error);
        Assert.True(AssetFilter.TryParse(AssetFilter.Default, out var assets, out error), error);
        var rule = new PageViewRule(new MethodFilter(["GET"]), statuses, assets!, UserAgentClassifier.CreateDefault(), keepQuery: false, countAll: false);
        using var aggregator = new HitAggregator(maxPendingKeys: 1000, flushSoonKeys: 1000);
        var writer = new ReportWriter(reports, new ReferrerFilter(siteHosts, []), CrawlerList.Default.ReportNameBytes, 1024);
        var processor = new LineProcessor(format, rule, pages, 1024, aggregator, new WorkerStats(), new LoggerConfiguration().CreateLogger(), writer);
        foreach (var line in lines)
        {
            processor.OnLine(Encoding.UTF8.GetBytes(line));
        }

        processor.EndChunk();
        var store = new DryRunStore();
        var cutter = new BatchCutter(new CounterSet([pages, .. reports.All]), () => Guid.NewGuid().ToString());
        for (var table = aggregator.TakeForFlush(); table is not null; table = aggregator.TakeForFlush())
        {
            foreach (var batch in cutter.Cut(table))
            {
                Assert.True(store.ApplyAsync(batch, CancellationToken.None).Result);
            }

            aggregator.CompleteFlush();
        }

        var output = new StringWriter();
        store.WriteReport(output);
        var report = new Dictionary<string, long>();
        foreach (var row in output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = row.IndexOf('\t', StringComparison.Ordinal);
            report.Add(row[(tab + 1)..], long.Parse(row[..tab], System.Globalization.CultureInfo.InvariantCulture));
        }

        return report;
    }
}
