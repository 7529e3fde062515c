using System.Text;
using LogPipe.Reporting;

namespace LogPipe.Tests.Reporting;

/// <summary>Report models with known figures, for the writers' and the screen's unit tests.</summary>
internal static class ReportSamples
{
    public static readonly DateOnly Day = new(2026, 12, 6);

    public static Report Day1 { get; } = new()
    {
        Period = ReportPeriod.Day(Day),
        Views = 12_345,
        Visitors = 3_210,
        Pages = new RankedList([T("/", 4_000), T("/articles/42", 1_234), T("/about", 99)], 1_500),
        Referrers = new RankedList([T("www.google.com", 2_000), T("t.co", 150)], 40),
        Campaigns = new RankedList([T("newsletter/email/december", 321)], 3),
        Statuses = [T("200", 20_000), T("304", 1_000), T("404", 900), T("500", 12)],
        Crawlers = [T("Googlebot", 1_000), T("curl", 234)],
        Minutes = Minutes((600, 5), (601, 10), (1439, 20)),
    };

    public static Report Empty { get; } = new() { Period = ReportPeriod.Day(Day) };

    public static Tally T(string name, long count) => new(Encoding.UTF8.GetBytes(name), count);

    public static long[] Minutes(params (int Minute, long Views)[] views)
    {
        var minutes = new long[MinuteSeries.MinutesPerDay];
        foreach (var (minute, count) in views)
        {
            minutes[minute] = count;
        }

        return minutes;
    }
}
