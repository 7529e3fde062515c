using System.Globalization;

namespace LogPipe.Reporting;

/// <summary>
/// A report as RFC 4180 rows of <c>section,name,value</c>, one table a spreadsheet opens as it is: the period, the
/// totals, then one row per status, crawler, page, referrer and campaign.
/// </summary>
internal static class CsvReportWriter
{
    public static void Write(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        Row(output, "section", "name", "value");
        Row(output, "period", "from", ReportPeriod.Format(report.Period.From));
        Row(output, "period", "to", ReportPeriod.Format(report.Period.To));
        if (report.Host is not null)
        {
            Row(output, "period", "host", report.Host);
        }

        if (report.Note is { } note)
        {
            Row(output, "note", "no data", note);
        }

        Row(output, "total", "views", report.Views);
        Row(output, "total", "visitors", report.Visitors);
        Row(output, "total", "crawler_requests", report.CrawlerRequests);
        Row(output, "total", "crawler_share", report.CrawlerShare is { } share ? Math.Round(share, 4).ToString(CultureInfo.InvariantCulture) : string.Empty);
        var mix = report.StatusMix;
        Row(output, "status_class", "2xx", mix.Success);
        Row(output, "status_class", "3xx", mix.Redirection);
        Row(output, "status_class", "4xx", mix.ClientError);
        Row(output, "status_class", "5xx", mix.ServerError);
        Row(output, "status_class", "other", mix.Other);
        Rows(output, "status", report.Statuses);
        Rows(output, "crawler", report.Crawlers);
        Rows(output, "page", report.Pages.Top);
        Rows(output, "referrer", report.Referrers.Top);
        Rows(output, "campaign", report.Campaigns.Top);
    }

    private static void Rows(TextWriter output, string section, IEnumerable<Tally> tallies)
    {
        foreach (var (name, count) in tallies)
        {
            Row(output, section, MemberText.ForData(name), count);
        }
    }

    private static void Row(TextWriter output, string section, string name, long value) =>
        Row(output, section, name, value.ToString(CultureInfo.InvariantCulture));

    private static void Row(TextWriter output, string section, string name, string value)
    {
        output.Write(section);
        output.Write(',');
        output.Write(Cell(name));
        output.Write(',');
        output.Write(Cell(value));
        output.Write("\r\n");
    }

    private static string Cell(string text)
    {
        // A cell a spreadsheet would run as a formula (a campaign named "=HYPERLINK(...)") is kept as text with a
        // leading apostrophe, as OWASP advises for CSV injection.
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text.StartsWith(' ') || text.EndsWith(' ')
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }
}
