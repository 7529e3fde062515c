using System.Text;
using System.Text.Json;
using LogPipe.Filtering;
using LogPipe.LogGen;
using LogPipe.Parsing;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.LogGen;

/// <summary>
/// LogGen's expected reports, which it knows by construction, against what LogPipe's own parser, page-view rule and
/// crawler classifier make of every line it wrote.
/// </summary>
public sealed class ExpectedReportsUnitTests
{
    // Odd lines at 5% so that every kind appears many times; three days so that reports are kept apart by day.
    private static GeneratorOptions Options(string format, int seed) =>
        new(Lines: 30_000, Days: 3, OddShare: 0.05, Seed: seed, Format: format);

    public static TheoryData<string, int> FormatsAndSeeds => new()
    {
        { "combined", 7 },
        { "combined", 2009 },
        { "common", 7 },
        { "common", 2009 },
    };

    public static TheoryData<int> Seeds => [7, 2009];

    [Theory]
    [MemberData(nameof(FormatsAndSeeds))]
    public void Statuses_and_crawlers_are_those_of_every_line_LogPipe_parses(string format, int seed)
    {
        var log = GeneratedLog.Create(Options(format, seed));
        var logFormat = format == "combined" ? LogFormat.Combined : LogFormat.Common;
        var parser = new AccessLogParser(logFormat);
        var classifier = UserAgentClassifier.CreateDefault();
        var statuses = new Tally();
        var crawlers = new Tally();
        var date = new byte[ApacheTimestamp.DateLength];
        long parsed = 0;

        var rest = log.Bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            var line = NextLine(ref rest);
            if (!parser.TryParse(line, out var entry) || !ApacheTimestamp.TryWriteDate(entry.Time, date))
            {
                continue;
            }

            parsed++;
            var day = Encoding.ASCII.GetString(date);
            statuses.Add(day, Encoding.ASCII.GetString(entry.Status));
            if (logFormat.Records(LogField.UserAgent))
            {
                var id = classifier.Classify(entry.UserAgent);
                if (id >= 0)
                {
                    crawlers.Add(day, CrawlerList.Default.ReportNames[id]);
                }
            }
        }

        var expected = log.ExpectedReports;
        AssertSameReport(statuses, expected.Statuses, "statuses");
        AssertSameReport(crawlers, expected.Crawlers, "crawlers");

        // What makes the comparison worth something: odd lines that parse and odd lines that do not, bots and tools.
        Assert.InRange(parsed, 27_000, 29_900);
        Assert.Equal(3, expected.Statuses.Count);
        Assert.All(expected.Statuses.Values, day => Assert.Superset(new HashSet<string> { "200", "304", "400", "404", "408" }, day.Keys.ToHashSet()));
        if (format == "combined")
        {
            Assert.All(expected.Crawlers.Values, day => Assert.Superset(
                new HashSet<string> { "Googlebot", "bingbot", "curl", ExpectedReports.NoUserAgent }, day.Keys.ToHashSet()));
        }
        else
        {
            Assert.Empty(expected.Crawlers);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Page_view_reports_are_those_of_the_lines_LogPipe_counts_as_page_views(int seed)
    {
        // Combined only: LogPipe takes no line of the common format, which has no user agent, for a crawler's, while
        // LogGen counts no bot's request as a page view in either format.
        var log = GeneratedLog.Create(Options("combined", seed));
        var parser = new AccessLogParser(LogFormat.Combined);
        Assert.True(StatusFilter.TryParse(StatusFilter.Default, out var statusFilter, out var error), error);
        Assert.True(AssetFilter.TryParse(AssetFilter.Default, out var assets, out error), error);
        var rule = new PageViewRule(new MethodFilter(["GET"]), statusFilter, assets!, UserAgentClassifier.CreateDefault(), keepQuery: false, countAll: false);
        var views = new Tally();
        var pages = new Tally();
        var referrers = new Tally();
        var campaigns = new Tally();
        var minutes = new Tally();
        var visitors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var date = new byte[ApacheTimestamp.DateLength];

        var rest = log.Bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            var line = NextLine(ref rest);
            if (!parser.TryParse(line, out var entry) || !ApacheTimestamp.TryWriteDate(entry.Time, date)
                || rule.Classify(entry, out var path) != LineKind.PageView)
            {
                continue;
            }

            var day = Encoding.ASCII.GetString(date);
            views.Add(day, "views");
            pages.Add(day, Encoding.Latin1.GetString(path));
            minutes.Add(day, Encoding.ASCII.GetString(entry.Time.Slice(13, 5)));
            if (!visitors.TryGetValue(day, out var dayVisitors))
            {
                visitors[day] = dayVisitors = new HashSet<string>(StringComparer.Ordinal);
            }

            dayVisitors.Add(Encoding.Latin1.GetString(entry.Client) + "\n" + Encoding.Latin1.GetString(entry.UserAgent));
            if (ExpectedReports.RefererHost(entry.Referer, GeneratedLog.SiteHost) is { } host)
            {
                referrers.Add(day, host);
            }

            if (ExpectedReports.CampaignMember(entry.Target) is { } member)
            {
                campaigns.Add(day, member);
            }
        }

        var expected = log.ExpectedReports;
        Assert.Equal(views.Days.ToDictionary(d => d.Key, d => d.Value["views"]), expected.Views);
        Assert.Equal(visitors.ToDictionary(d => d.Key, d => (long)d.Value.Count), expected.Visitors);
        AssertSameReport(pages, expected.Pages, "pages");
        AssertSameReport(referrers, expected.Referrers, "referrers");
        AssertSameReport(campaigns, expected.Campaigns, "campaigns");
        AssertSameReport(minutes, expected.Minutes, "minutes");
        Assert.Equal(log.Expected.TotalCounted, expected.Views.Values.Sum());

        // Visitors come back, and the generated log has the cases the referrer and campaign rules are about.
        Assert.All(expected.Views, day => Assert.InRange(expected.Visitors[day.Key], day.Value / 5, day.Value * 3 / 4));
        var allReferrers = expected.Referrers.Values.SelectMany(day => day.Keys).ToHashSet();
        Assert.Superset(new HashSet<string> { "www.google.com", "mail.google.com", "news.example.org", "[2001:db8::1]" }, allReferrers);
        Assert.DoesNotContain(GeneratedLog.SiteHost, allReferrers);
        var allCampaigns = expected.Campaigns.Values.SelectMany(day => day.Keys).ToHashSet();
        Assert.Superset(new HashSet<string> { "google/cpc/brand search", "partner//", "rss/feed/caf\u00e9", "/email/C++ tips" }, allCampaigns);
        var campaignViews = expected.Campaigns.Values.Sum(day => day.Values.Sum());
        Assert.InRange(campaignViews, log.Expected.TotalCounted / 100, log.Expected.TotalCounted / 10);
    }

    [Fact]
    public void Each_run_of_the_generator_refills_the_reports_from_scratch()
    {
        var generator = new AccessLogGenerator(Options("combined", 7));
        generator.WriteTo(Stream.Null);
        var first = Json(generator.ExpectedReports);
        generator.WriteTo(Stream.Null);

        Assert.Equal(first, Json(generator.ExpectedReports));
    }

    [Fact]
    public void The_json_form_holds_every_report_of_every_day()
    {
        var log = GeneratedLog.Create(Options("combined", 7));
        var expected = log.ExpectedReports;

        using var json = JsonDocument.Parse(Json(expected));

        Assert.Equal(GeneratedLog.SiteHost, json.RootElement.GetProperty("site_host").GetString());
        var days = json.RootElement.GetProperty("days");
        Assert.Equal(expected.Statuses.Keys.Order(StringComparer.Ordinal), days.EnumerateObject().Select(d => d.Name));
        foreach (var day in days.EnumerateObject())
        {
            Assert.Equal(expected.Views[day.Name], day.Value.GetProperty("views").GetInt64());
            Assert.Equal(expected.Visitors[day.Name], day.Value.GetProperty("visitors").GetInt64());
            Assert.Equal(expected.Statuses[day.Name]["200"], day.Value.GetProperty("statuses").GetProperty("200").GetInt64());
            Assert.Equal(expected.Pages[day.Name].Count, day.Value.GetProperty("pages").EnumerateObject().Count());
            Assert.Equal(expected.Minutes[day.Name].Count, day.Value.GetProperty("minutes").EnumerateObject().Count());
            var campaigns = day.Value.GetProperty("campaigns");
            Assert.Equal(expected.Campaigns[day.Name]["google/cpc/brand search"], campaigns.GetProperty("google/cpc/brand search").GetInt64());
            Assert.Equal(expected.Campaigns[day.Name]["rss/feed/caf\u00e9"], campaigns.GetProperty("rss/feed/caf\\xe9").GetInt64());
        }
    }

    private static string Json(ExpectedReports reports)
    {
        using var stream = new MemoryStream();
        reports.WriteJson(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // The next line without its LF or CR LF, as LogPipe's line reader hands it over.
    private static ReadOnlySpan<byte> NextLine(ref Span<byte> rest)
    {
        var newline = rest.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
        rest = newline < 0 ? [] : rest[(newline + 1)..];
        return line.EndsWith("\r"u8) ? line[..^1] : line;
    }

    private static void AssertSameReport(Tally actual, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> expected, string report)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Days.Keys.Order(StringComparer.Ordinal));
        foreach (var (day, counts) in actual.Days)
        {
            var differences = counts.Keys.Union(expected[day].Keys)
                .Where(key => counts.GetValueOrDefault(key) != expected[day].GetValueOrDefault(key))
                .Select(key => $"{key}: parsed {counts.GetValueOrDefault(key)}, LogGen {expected[day].GetValueOrDefault(key)}")
                .ToList();
            Assert.True(differences.Count == 0, $"{report} of {day}:\n{string.Join('\n', differences)}");
        }
    }

    private sealed class Tally
    {
        public Dictionary<string, Dictionary<string, long>> Days { get; } = new(StringComparer.Ordinal);

        public void Add(string day, string key)
        {
            if (!Days.TryGetValue(day, out var counts))
            {
                Days[day] = counts = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }
}
