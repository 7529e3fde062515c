using System.Globalization;
using System.Text;
using LogPipe.Reporting;

namespace LogPipe.Top;

/// <summary>
/// The screen of <c>logpipe top</c> as lines of plain text, from a snapshot and the terminal's size: a pure function,
/// so that what an 80x24 terminal shows is tested without one. A taller terminal gets a taller chart and a longer
/// list, a wider one wider names and the status counts. Every line is exactly <c>width</c> characters, ASCII apart
/// from the chart's block characters.
/// </summary>
internal static class TopScreen
{
    public const int ChartMinutes = 60;

    // Title, totals, statuses, problem, chart title, axis, blank, tabs, list header, footer.
    private const int FixedLines = 10;
    private const int ChartLabelWidth = 8;
    private const int CountWidth = 11;
    private const int ShareWidth = 6;

    // Eighths of a character cell, from empty to full: a chart row shows eight heights.
    private const string Levels = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";

    private static readonly TopList[] s_lists = Enum.GetValues<TopList>();

    public static string[] Render(TopSnapshot snapshot, TopList focus, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        width = Math.Max(width, 1);
        height = Math.Max(height, 1);

        // 3 chart rows at 24 lines, one more for every 4 lines more (up to 8); the list takes the rest.
        var chartRows = Math.Clamp(3 + ((height - 24) / 4), 1, 8);
        var listRows = Math.Max(1, height - FixedLines - chartRows);
        var report = snapshot.Report;
        var lines = new List<string>(height)
        {
            Title(snapshot, width),
            report is null ? string.Empty : Totals(snapshot, report, width),
            report is null ? string.Empty : Statuses(report.StatusMix, width),
            snapshot.Problem is { } problem ? $"! {problem} (retrying every second)"
                : report is null ? "Reading..." : report.Note is { } note ? "Note: " + note : string.Empty,
        };
        AddChart(lines, snapshot, chartRows);
        lines.Add(string.Empty);
        AddList(lines, report, focus, listRows, width);
        lines.Add("q quit   Tab/arrows switch list   d/D day back/forward");
        return [.. lines.Take(height).Select(line => Fit(line, width)), .. Enumerable.Repeat(new string(' ', width), Math.Max(0, height - lines.Count))];
    }

    private static string Title(TopSnapshot snapshot, int width)
    {
        var day = $"{ReportPeriod.Format(snapshot.Day)} {snapshot.Day.DayOfWeek}{(snapshot.IsToday ? " (today)" : string.Empty)}";
        var left = $" logpipe top   {day}   {snapshot.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}";
        return Spread(left, snapshot.Source + " ", width);
    }

    private static string Totals(TopSnapshot snapshot, Report report, int width)
    {
        var share = report.CrawlerShare is { } crawlerShare ? Figures.Percent(crawlerShare) : "-";
        var minute = snapshot.IsToday ? LastMinute(report, snapshot.Now) : PeakMinute(report);
        var full = $"Views {Figures.Count(report.Views)}   Visitors {Figures.Count(report.Visitors)}   {minute}   Crawler share {share}";
        return full.Length <= width ? full
            : $"Views {Figures.Count(report.Views)}  Visitors {Figures.Count(report.Visitors)}  {minute}  Crawlers {share}";
    }

    // The minute that has ended: the current one is still filling, and shows as the chart's last bar.
    private static string LastMinute(Report report, DateTime now)
    {
        return $"Last minute {Figures.Count(ViewsIn(report, MinuteOfDay(now) - 1))}";
    }

    // The page views of a minute of the day; a negative one is the day before's, which an hour after midnight reaches into.
    private static long ViewsIn(Report? report, int minuteOfDay)
    {
        var (minutes, minute) = minuteOfDay >= 0
            ? (report?.Minutes ?? [], minuteOfDay)
            : (report?.MinutesOfDayBefore ?? [], minuteOfDay + MinuteSeries.MinutesPerDay);
        return minute >= 0 && minute < minutes.Count ? minutes[minute] : 0;
    }

    private static string PeakMinute(Report report)
    {
        var peak = 0;
        for (var i = 1; i < report.Minutes.Count; i++)
        {
            peak = report.Minutes[i] > report.Minutes[peak] ? i : peak;
        }

        return $"Peak minute {Clock(peak)} {Figures.Count(report.Minutes.Count > 0 ? report.Minutes[peak] : 0)}";
    }

    private static string Statuses(StatusMix mix, int width)
    {
        var total = mix.Total;
        var full = $"Requests {Figures.Count(total)}   2xx {Figures.Count(mix.Success)} {Figures.Share(mix.Success, total)}   3xx {Figures.Count(mix.Redirection)} {Figures.Share(mix.Redirection, total)}   4xx {Figures.Count(mix.ClientError)} {Figures.Share(mix.ClientError, total)}   5xx {Figures.Count(mix.ServerError)} {Figures.Share(mix.ServerError, total)}";
        return full.Length <= width ? full
            : $"Requests {Figures.Count(total)}   2xx {Share(mix.Success, total)}   3xx {Share(mix.Redirection, total)}   4xx {Share(mix.ClientError, total)}   5xx {Share(mix.ServerError, total)}";
    }

    private static string Share(long part, long whole) => whole > 0 ? Figures.Share(part, whole) : "-";

    private static void AddChart(List<string> lines, TopSnapshot snapshot, int rows)
    {
        // Today: the hour up to now, the current minute last. Another day: its last hour.
        var end = snapshot.IsToday ? MinuteOfDay(snapshot.Now) : MinuteSeries.MinutesPerDay - 1;
        var start = end - ChartMinutes + 1;
        var values = new long[ChartMinutes];
        for (var i = 0; i < ChartMinutes; i++)
        {
            values[i] = ViewsIn(snapshot.Report, start + i);
        }

        var max = values.Max();
        lines.Add(Spread($"Views per minute, {Clock(start)} to {Clock(end)}", $"max {Figures.Count(max)}/min", ChartLabelWidth + ChartMinutes));
        for (var row = 0; row < rows; row++)
        {
            var label = row == 0 ? Figures.Count(max) : row == rows - 1 ? "0" : string.Empty;
            var bars = new StringBuilder(ChartMinutes);
            foreach (var value in values)
            {
                // A minute with any views shows at least the lowest bar.
                var eighths = max == 0 ? 0 : Math.Max(value > 0 ? 1 : 0, (int)Math.Round((double)value / max * rows * 8));
                bars.Append(Levels[Math.Clamp(eighths - ((rows - 1 - row) * 8), 0, 8)]);
            }

            lines.Add($"{label.PadLeft(ChartLabelWidth - 1)} {bars}");
        }

        var axis = new StringBuilder(new string(' ', ChartLabelWidth + ChartMinutes));
        Place(axis, ChartLabelWidth, Clock(start));
        Place(axis, ChartLabelWidth + (ChartMinutes / 2) - 2, Clock(start + (ChartMinutes / 2)));
        Place(axis, ChartLabelWidth + ChartMinutes - 5, Clock(end));
        lines.Add(axis.ToString());
    }

    private static void AddList(List<string> lines, Report? report, TopList focus, int rows, int width)
    {
        var tabs = string.Join("  ", s_lists.Select(list => list == focus ? $"[{Name(list)}]" : $" {Name(list)} "));
        var (items, distinct, whole, unit) = report is null ? ([], 0, 0, "views") : Items(report, focus);
        lines.Add(Spread(tabs, distinct > 0 ? $"{Figures.Count(Math.Min(items.Count, rows))} of {Figures.Count(distinct)}" : string.Empty, width));
        lines.Add($"{unit,CountWidth}  {"share",ShareWidth}  {Heading(focus)}");
        var nameWidth = Math.Max(1, width - CountWidth - ShareWidth - 4);
        for (var i = 0; i < rows; i++)
        {
            if (i < items.Count)
            {
                var (name, count) = items[i];
                lines.Add($"{Figures.Count(count),CountWidth}  {Figures.Share(count, whole),ShareWidth}  {Cut(MemberText.ForDisplay(name), nameWidth)}");
            }
            else
            {
                lines.Add(i == 0 && report is not null ? $"{string.Empty,CountWidth}  {string.Empty,ShareWidth}  (none)" : string.Empty);
            }
        }
    }

    private static (IReadOnlyList<Tally> Items, long Distinct, long Whole, string Unit) Items(Report report, TopList focus) => focus switch
    {
        TopList.Pages => (report.Pages.Top, report.Pages.Distinct, report.Views, "views"),
        TopList.Referrers => (report.Referrers.Top, report.Referrers.Distinct, report.Views, "views"),
        TopList.Campaigns => (report.Campaigns.Top, report.Campaigns.Distinct, report.Views, "views"),
        _ => (report.Crawlers, report.Crawlers.Count, report.CrawlerRequests, "requests"),
    };

    private static string Name(TopList list) => list switch
    {
        TopList.Pages => "Pages",
        TopList.Referrers => "Referrers",
        TopList.Campaigns => "Campaigns",
        _ => "Crawlers",
    };

    private static string Heading(TopList list) => list switch
    {
        TopList.Pages => "page",
        TopList.Referrers => "referring site",
        TopList.Campaigns => "campaign (source/medium/name)",
        _ => "crawler or tool",
    };

    private static int MinuteOfDay(DateTime time) => (time.Hour * 60) + time.Minute;

    private static string Clock(int minuteOfDay)
    {
        var minute = ((minuteOfDay % MinuteSeries.MinutesPerDay) + MinuteSeries.MinutesPerDay) % MinuteSeries.MinutesPerDay;
        return $"{minute / 60:00}:{minute % 60:00}";
    }

    private static void Place(StringBuilder line, int column, string text)
    {
        line.Remove(column, text.Length);
        line.Insert(column, text);
    }

    // Left and right parts on one line of the width, the right part dropped when both do not fit.
    private static string Spread(string left, string right, int width) =>
        left.Length + right.Length + 1 <= width ? left + new string(' ', width - left.Length - right.Length) + right : left;

    private static string Cut(string text, int width) =>
        text.Length <= width ? text : width <= 3 ? text[..width] : string.Concat(text.AsSpan(0, width - 3), "...");

    private static string Fit(string line, int width) => line.Length <= width ? line.PadRight(width) : line[..width];
}
