using LogPipe.Reporting;
using LogPipe.Top;
using static LogPipe.Tests.Reporting.ReportSamples;

namespace LogPipe.Tests.Top;

public sealed class TopScreenUnitTests
{
    // 10:02 on the sample's day: the chart's hour runs from 09:03 to 10:02, and the last minute ended is 10:01.
    private static readonly DateTime s_now = new(2026, 12, 6, 10, 2, 30);

    [Fact]
    public void An_80x24_screen_holds_every_figure_and_the_top_pages()
    {
        var screen = Render(Today(Day1), TopList.Pages, 80, 24);

        Assert.Equal(24, screen.Length);
        Assert.All(screen, line => Assert.Equal(80, line.Length));
        Assert.Equal(
            """
             logpipe top   2026-12-06 Sunday (today)   10:02:30              127.0.0.1:6379
            Views 12,345   Visitors 3,210   Last minute 10   Crawler share 9.1%
            Requests 21,912   2xx 20,000 91.3%   3xx 1,000 4.6%   4xx 900 4.1%   5xx 12 0.1%

            Views per minute, 09:03 to 10:02                          max 10/min
                 10                                                           █
                                                                             ▄█
                  0                                                          ██
                    09:03                       09:33                      10:02

            [Pages]   Referrers    Campaigns    Crawlers                          3 of 1,500
                  views   share  page
                  4,000   32.4%  /
                  1,234   10.0%  /articles/42
                     99    0.8%  /about








            q quit   Tab/arrows switch list   d/D day back/forward
            """.ReplaceLineEndings("\n"),
            string.Join('\n', screen.Select(line => line.TrimEnd())));
    }

    [Fact]
    public void A_wider_screen_shows_the_status_counts_and_a_taller_one_a_taller_chart_and_a_longer_list()
    {
        var many = Day1 with
        {
            Pages = new RankedList([.. Enumerable.Range(1, 60).Select(i => T($"/p{i}", 100 - i))], 60),
            Statuses = [T("200", 2_000_000), T("304", 100_000), T("404", 90_000), T("500", 1_200)],
        };

        var small = Render(Today(many), TopList.Pages, 80, 24);
        var large = Render(Today(many), TopList.Pages, 160, 50);

        Assert.Equal(50, large.Length);
        Assert.All(large, line => Assert.Equal(160, line.Length));
        Assert.Contains("2xx 2,000,000 91.3%   3xx 100,000 4.6%", large[2], StringComparison.Ordinal);
        Assert.Equal("Requests 2,191,200   2xx 91.3%   3xx 4.6%   4xx 4.1%   5xx 0.1%", small[2].TrimEnd());
        Assert.True(ChartRows(large) > ChartRows(small), $"{ChartRows(large)} chart rows at 160x50, {ChartRows(small)} at 80x24");
        Assert.Equal(11, PageRows(small));
        Assert.Equal(32, PageRows(large));
    }

    [Fact]
    public void Tab_shows_another_list_with_its_own_counts_and_shares()
    {
        var screen = string.Join('\n', Render(Today(Day1), TopList.Crawlers, 80, 24));

        Assert.Contains("[Crawlers]", screen, StringComparison.Ordinal);
        Assert.Contains("   requests   share  crawler or tool", screen, StringComparison.Ordinal);
        Assert.Contains("      1,000   81.0%  Googlebot", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("/articles/42", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_that_holds_a_terminal_sequence_is_shown_escaped_and_cut_to_the_line()
    {
        var hostile = Day1 with { Pages = new RankedList([new Tally([.. "/\u001b[2J"u8, .. new byte[200].Select(_ => (byte)'x')], 5)], 1) };

        var screen = Render(Today(hostile), TopList.Pages, 80, 24);

        Assert.DoesNotContain(screen, line => line.Any(char.IsControl));
        Assert.Contains(screen, line => line.Contains("/\\x1b[2Jxxx", StringComparison.Ordinal) && line.EndsWith("...", StringComparison.Ordinal));
    }

    [Fact]
    public void Redis_away_is_said_on_the_screen_and_the_last_figures_stay()
    {
        var screen = Render(Today(Day1) with { Problem = "Redis at 127.0.0.1:6379 unreachable: no connection" }, TopList.Pages, 80, 24);

        Assert.Equal("! Redis at 127.0.0.1:6379 unreachable: no connection (retrying every second)", screen[3].TrimEnd());
        Assert.StartsWith("Views 12,345", screen[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Before_the_first_read_the_screen_says_it_is_reading()
    {
        var screen = Render(new TopSnapshot(Day, null, s_now, "127.0.0.1:6379", null), TopList.Pages, 80, 24);

        Assert.Equal(24, screen.Length);
        Assert.StartsWith("Reading...", screen[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Another_day_shows_its_last_hour_and_its_busiest_minute()
    {
        var screen = Render(new TopSnapshot(Day, Day1, s_now.AddDays(1), "127.0.0.1:6379", null), TopList.Pages, 80, 24);

        Assert.DoesNotContain("(today)", screen[0], StringComparison.Ordinal);
        Assert.Contains("Peak minute 23:59 20", screen[1], StringComparison.Ordinal);
        Assert.StartsWith("Views per minute, 23:00 to 23:59", screen[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Just_after_midnight_the_hour_and_the_last_minute_reach_into_the_day_before()
    {
        var yesterday = new long[MinuteSeries.MinutesPerDay];
        yesterday[(23 * 60) + 59] = 7;
        var today = new long[MinuteSeries.MinutesPerDay];
        today[0] = 3;
        var report = new Report { Period = ReportPeriod.Day(DateOnly.FromDateTime(s_now)), Views = 3, Minutes = today, MinutesOfDayBefore = yesterday };

        var screen = Render(new TopSnapshot(Day, report, s_now.Date.AddSeconds(20), "127.0.0.1:6379", null), TopList.Pages, 80, 24);

        Assert.Contains("Last minute 7", screen[1], StringComparison.Ordinal);
        Assert.StartsWith("Views per minute, 23:01 to 00:00", screen[4], StringComparison.Ordinal);
        Assert.Contains("max 7/min", screen[4], StringComparison.Ordinal);
    }

    [Fact]
    public void A_day_without_data_shows_the_note_and_zeros()
    {
        var screen = Render(Today(Empty), TopList.Pages, 80, 24);

        Assert.StartsWith("Note: no data for 2026-12-06", screen[3], StringComparison.Ordinal);
        Assert.StartsWith("Views 0   Visitors 0   Last minute 0   Crawler share -", screen[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_tiny_terminal_still_gets_exactly_its_size()
    {
        var screen = Render(Today(Day1), TopList.Pages, 20, 5);

        Assert.Equal(5, screen.Length);
        Assert.All(screen, line => Assert.Equal(20, line.Length));
    }

    private static TopSnapshot Today(Report report) => new(Day, report, s_now, "127.0.0.1:6379", null);

    private static string[] Render(TopSnapshot snapshot, TopList focus, int width, int height) => TopScreen.Render(snapshot, focus, width, height);

    private static int ChartRows(string[] screen) => screen.Count(line => line.Contains('█', StringComparison.Ordinal) || line.Contains('▄', StringComparison.Ordinal) || line.TrimStart().StartsWith('0'));

    private static int PageRows(string[] screen) => screen.Count(line => line.Contains("  /p", StringComparison.Ordinal));
}
