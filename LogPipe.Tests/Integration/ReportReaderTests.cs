using System.Text;
using LogPipe.Reporting;
using LogPipe.Tests.Support;
using StackExchange.Redis;

namespace LogPipe.Tests.Integration;

/// <summary>Reading report keys from a real redis-server: a day, a range (sums and the visitors' union), missing keys.</summary>
public sealed class ReportReaderTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task A_day_is_read_as_the_daemon_wrote_it()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "day:");

        var report = await Reader("day:").ReadAsync(ReportPeriod.Day(ReportData.FirstDay), 10);

        Assert.Equal(1000, report.Views);
        Assert.Equal(await ReportData.VisitorsAsync(redis.Database, "day:", ReportData.FirstDay), report.Visitors);
        Assert.InRange(report.Visitors, 295, 305);
        Assert.Equal([("/", 400L), ("/articles/42", 250L), ("/about", 100L), ("(other)", 5L)], Names(report.Pages.Top));
        Assert.Equal(4, report.Pages.Distinct);
        Assert.Equal([("www.google.com", 120L), ("news.ycombinator.com", 80L)], Names(report.Referrers.Top));
        Assert.Equal([("newsletter/email/december", 30L)], Names(report.Campaigns.Top));
        Assert.Equal([("200", 1500L), ("304", 100L), ("404", 40L), ("500", 2L)], Names(report.Statuses));
        Assert.Equal(new StatusMix(1500, 100, 40, 2, 0), report.StatusMix);
        Assert.Equal([("Googlebot", 200L), ("bingbot", 50L)], Names(report.Crawlers));
        Assert.Equal(250.0 / 1250, report.CrawlerShare);
        Assert.Equal(1440, report.Minutes.Count);
        Assert.Equal(7, report.Minutes[600]);
        Assert.Equal(3, report.Minutes[601]);
        Assert.Equal(9, report.Minutes[1439]);
        Assert.Equal(19, report.Minutes.Sum());
        Assert.True(report.HasData);
    }

    [RedisFact]
    public async Task Top_keeps_the_highest_members_and_counts_them_all()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "top:");

        var report = await Reader("top:").ReadAsync(ReportPeriod.Day(ReportData.FirstDay), 2);

        Assert.Equal([("/", 400L), ("/articles/42", 250L)], Names(report.Pages.Top));
        Assert.Equal(4, report.Pages.Distinct);
    }

    [RedisFact]
    public async Task A_range_sums_counts_and_lists_and_counts_a_visitor_of_both_days_once()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "range:");
        await ReportData.WriteSecondDayAsync(redis.Database, "range:");

        var report = await Reader("range:").ReadAsync(new ReportPeriod(ReportData.FirstDay, ReportData.SecondDay), 3);

        Assert.Equal(1500, report.Views);
        var union = await ReportData.VisitorsAsync(redis.Database, "range:", ReportData.FirstDay, ReportData.SecondDay);
        Assert.Equal(union, report.Visitors);

        // 300 and 200 visitors of whom 100 came on both days: about 400, not the days' 500.
        Assert.InRange(report.Visitors, 390, 410);
        Assert.Equal([("/articles/42", 550L), ("/", 500L), ("/about", 100L)], Names(report.Pages.Top));
        Assert.Equal(5, report.Pages.Distinct);
        Assert.Equal([("www.google.com", 150L), ("news.ycombinator.com", 80L), ("t.co", 60L)], Names(report.Referrers.Top));
        Assert.Equal([("newsletter/email/december", 40L), ("x/y/z", 5L)], Names(report.Campaigns.Top));
        Assert.Equal([("200", 2200L), ("301", 20L), ("304", 100L), ("404", 40L), ("500", 2L), ("503", 3L)], Names(report.Statuses));
        Assert.Equal([("Googlebot", 300L), ("bingbot", 50L), ("curl", 10L)], Names(report.Crawlers));
        Assert.Empty(report.Minutes);
    }

    [RedisFact]
    public async Task A_range_over_days_without_keys_counts_only_the_days_with_them()
    {
        await ReportData.WriteSecondDayAsync(redis.Database, "gaps:");

        var report = await Reader("gaps:").ReadAsync(new ReportPeriod(ReportData.SecondDay.AddDays(-6), ReportData.SecondDay), 10);

        Assert.Equal(500, report.Views);
        Assert.Equal(await ReportData.VisitorsAsync(redis.Database, "gaps:", ReportData.SecondDay), report.Visitors);
        Assert.Equal(3, report.Pages.Distinct);
    }

    [RedisFact]
    public async Task A_day_without_keys_is_zeros_with_a_note()
    {
        var report = await Reader("empty:").ReadAsync(ReportPeriod.Day(ReportData.FirstDay), 10);

        Assert.Equal(0, report.Views);
        Assert.Equal(0, report.Visitors);
        Assert.Empty(report.Pages.Top);
        Assert.Empty(report.Statuses);
        Assert.Null(report.CrawlerShare);
        Assert.False(report.HasData);
        Assert.Contains("no data for 2026-12-05", report.Note, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task A_hosts_reports_are_read_under_the_prefix_then_the_host()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "hosted:example.com:");
        await ReportData.WriteSecondDayAsync(redis.Database, "hosted:");

        var report = await new ReportReader(redis.Database, new ReportKeys("hosted:", "example.com")).ReadAsync(ReportPeriod.Day(ReportData.FirstDay), 10);

        Assert.Equal(1000, report.Views);
        Assert.Equal("example.com", report.Host);
    }

    [RedisFact]
    public async Task Members_are_read_as_bytes_whatever_they_hold()
    {
        byte[] binary = [(byte)'/', 0x1b, (byte)'[', (byte)'2', (byte)'J', 0xff, 0xc3, 0xa9];
        await redis.Database.SortedSetAddAsync($"bytes:pages:{ReportData.Day(ReportData.FirstDay)}", binary, 3);

        var report = await Reader("bytes:").ReadAsync(ReportPeriod.Day(ReportData.FirstDay), 10);

        Assert.Equal(binary, Assert.Single(report.Pages.Top).Name);
    }

    [RedisFact]
    public async Task A_field_that_holds_no_number_counts_as_nothing()
    {
        var day = ReportData.Day(ReportData.FirstDay);
        await redis.Database.HashSetAsync($"junk:statuses:{day}", [new("200", 5), new("404", "many")]);
        await redis.Database.HashSetAsync($"junk:minutes:{day}", [new("25:00", 5), new("12:00", "x"), new("12:01", 4)]);

        var report = await Reader("junk:").ReadAsync(ReportPeriod.Day(ReportData.FirstDay), 10);

        Assert.Equal(5, report.StatusMix.Total);
        Assert.Equal(4, report.Minutes.Sum());
    }

    private ReportReader Reader(string prefix) => new(redis.Database, new ReportKeys(prefix, null));

    private static (string, long)[] Names(IEnumerable<Tally> tallies) => [.. tallies.Select(t => (Encoding.UTF8.GetString(t.Name), t.Count))];
}
