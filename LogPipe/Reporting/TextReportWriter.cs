namespace LogPipe.Reporting;

/// <summary>A report for people: the totals, then each list in aligned columns with counts and shares.</summary>
internal static class TextReportWriter
{
    // A name column wider than this pushes the counts off an 80-column terminal; longer names are cut.
    private const int MaximumNameWidth = 56;

    public static void Write(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"LogPipe report for {report.Period}{(report.Host is null ? string.Empty : $", host {MemberText.ForDisplay(System.Text.Encoding.UTF8.GetBytes(report.Host))}")}");
        if (report.Note is { } note)
        {
            output.WriteLine($"Note: {note}");
        }

        output.WriteLine();
        var crawlerShare = report.CrawlerShare is { } share ? Figures.Percent(share) : "-";
        WriteTable(output, null, string.Empty,
        [
            ("Page views", Figures.Count(report.Views), string.Empty),
            ("Visitors", Figures.Count(report.Visitors), string.Empty),
            ("Crawler requests", Figures.Count(report.CrawlerRequests), string.Empty),
            ("Crawler share", crawlerShare, string.Empty),
        ]);

        var mix = report.StatusMix;
        List<(string, string, string)> classes =
        [
            Row("2xx", mix.Success, mix.Total),
            Row("3xx", mix.Redirection, mix.Total),
            Row("4xx", mix.ClientError, mix.Total),
            Row("5xx", mix.ServerError, mix.Total),
        ];
        if (mix.Other > 0)
        {
            classes.Add(Row("other", mix.Other, mix.Total));
        }

        WriteTable(output, "Requests by status", "requests", classes);
        WriteRanked(output, "Top pages", "views", report.Pages, report.Views);
        WriteRanked(output, "Top referring sites", "views", report.Referrers, report.Views);
        WriteRanked(output, "Top campaigns", "views", report.Campaigns, report.Views);
        var crawlerRequests = report.CrawlerRequests;
        WriteTable(output, "Crawlers", "requests", [.. report.Crawlers.Select(c => Row(MemberText.ForDisplay(c.Name), c.Count, crawlerRequests))]);
    }

    private static void WriteRanked(TextWriter output, string title, string unit, RankedList list, long whole) =>
        WriteTable(output, $"{title} ({Figures.Count(list.Top.Count)} of {Figures.Count(list.Distinct)})", unit,
            [.. list.Top.Select(t => Row(MemberText.ForDisplay(t.Name), t.Count, whole))]);

    private static (string Name, string Count, string Share) Row(string name, long count, long whole) =>
        (name, Figures.Count(count), Figures.Share(count, whole));

    private static void WriteTable(TextWriter output, string? title, string unit, List<(string Name, string Count, string Share)> rows)
    {
        var nameWidth = Math.Min(MaximumNameWidth, Math.Max(title?.Length ?? 0, rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length)));
        var countWidth = Math.Max(unit.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Count.Length));
        var indent = title is null ? string.Empty : "  ";
        if (title is not null)
        {
            output.WriteLine($"{Fit(title, nameWidth + indent.Length)}  {unit.PadLeft(countWidth)}  {"share",6}".TrimEnd());
        }

        foreach (var (name, count, share) in rows)
        {
            output.WriteLine($"{indent}{Fit(name, nameWidth)}  {count.PadLeft(countWidth)}  {share,6}".TrimEnd());
        }

        if (title is not null && rows.Count == 0)
        {
            output.WriteLine($"{indent}(none)");
        }

        output.WriteLine();
    }

    private static string Fit(string text, int width) =>
        text.Length <= width ? text.PadRight(width) : string.Concat(text.AsSpan(0, width - 3), "...");
}
