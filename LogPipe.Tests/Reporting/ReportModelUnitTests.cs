using LogPipe.Reporting;
using static LogPipe.Tests.Reporting.ReportSamples;

namespace LogPipe.Tests.Reporting;

public sealed class ReportModelUnitTests
{
    [Fact]
    public void Statuses_fall_into_their_class_and_anything_else_is_other()
    {
        var mix = StatusMix.From([T("200", 5), T("206", 1), T("301", 2), T("404", 3), T("418", 1), T("503", 4), T("101", 7), T("-", 8), T("2000", 9)]);

        Assert.Equal(new StatusMix(6, 2, 4, 4, 24), mix);
        Assert.Equal(40, mix.Total);
    }

    [Fact]
    public void Crawler_share_is_crawler_requests_over_crawler_requests_and_page_views()
    {
        Assert.Equal(1_234.0 / (1_234 + 12_345), Day1.CrawlerShare);
        Assert.Null(Empty.CrawlerShare);
    }

    [Fact]
    public void A_report_without_any_figure_has_no_data_and_says_so()
    {
        Assert.False(Empty.HasData);
        Assert.StartsWith("no data for 2026-12-06 (Sunday)", Empty.Note, StringComparison.Ordinal);
        Assert.True(Day1.HasData);
        Assert.Null(Day1.Note);
    }

    [Fact]
    public void A_period_runs_from_its_first_to_its_last_day()
    {
        var week = new ReportPeriod(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 7));

        Assert.Equal(7, week.Days);
        Assert.False(week.IsOneDay);
        Assert.Equal("2026-12-01 to 2026-12-07 (7 days)", week.ToString());
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_or_outlasts_a_year_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ReportPeriod(new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 1)));
        Assert.Throws<ArgumentException>(() => new ReportPeriod(new DateOnly(2024, 12, 31), new DateOnly(2026, 1, 1)));
        Assert.Equal(ReportPeriod.MaximumDays, new ReportPeriod(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)).Days);
    }

    [Theory]
    [InlineData("00:00", 0)]
    [InlineData("10:01", 601)]
    [InlineData("23:59", 1439)]
    public void A_minute_field_is_its_minute_of_the_day(string field, int minute)
    {
        Assert.True(MinuteSeries.TryMinute(System.Text.Encoding.ASCII.GetBytes(field), out var read));
        Assert.Equal(minute, read);
    }

    [Theory]
    [InlineData("24:00")]
    [InlineData("12:60")]
    [InlineData("1:00")]
    [InlineData("12-00")]
    [InlineData("")]
    public void Anything_else_is_no_minute(string field)
    {
        Assert.False(MinuteSeries.TryMinute(System.Text.Encoding.ASCII.GetBytes(field), out _));
    }
}
