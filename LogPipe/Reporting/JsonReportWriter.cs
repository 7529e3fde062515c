using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogPipe.Reporting;

/// <summary>
/// A report as one JSON object whose shape the README documents and keeps stable (<c>version</c> 1): fields are only
/// ever added. Written with <see cref="Utf8JsonWriter"/>, which needs no reflection under Native AOT.
/// </summary>
internal static class JsonReportWriter
{
    public const int Version = 1;

    // The default encoder escapes every non-ASCII character and HTML-sensitive ones ('<', '&', '\''); the report is
    // no HTML, and readers expect the names as they are. Control characters are still escaped.
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Report report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, s_options);
        json.WriteStartObject();
        json.WriteNumber("version", Version);
        json.WriteString("from", ReportPeriod.Format(report.Period.From));
        json.WriteString("to", ReportPeriod.Format(report.Period.To));
        json.WriteNumber("days", report.Period.Days);
        WriteNullable(json, "host", report.Host);
        WriteNullable(json, "note", report.Note);
        json.WriteNumber("views", report.Views);
        json.WriteNumber("visitors", report.Visitors);
        json.WriteNumber("crawler_requests", report.CrawlerRequests);
        if (report.CrawlerShare is { } share)
        {
            json.WriteNumber("crawler_share", Math.Round(share, 4));
        }
        else
        {
            json.WriteNull("crawler_share");
        }

        var mix = report.StatusMix;
        json.WriteStartObject("status_classes");
        json.WriteNumber("2xx", mix.Success);
        json.WriteNumber("3xx", mix.Redirection);
        json.WriteNumber("4xx", mix.ClientError);
        json.WriteNumber("5xx", mix.ServerError);
        json.WriteNumber("other", mix.Other);
        json.WriteEndObject();
        WriteTallies(json, "statuses", report.Statuses);
        WriteTallies(json, "crawlers", report.Crawlers);
        WriteRanked(json, "pages", report.Pages);
        WriteRanked(json, "referrers", report.Referrers);
        WriteRanked(json, "campaigns", report.Campaigns);
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteRanked(Utf8JsonWriter json, string name, RankedList list)
    {
        json.WriteStartObject(name);
        json.WriteNumber("distinct", list.Distinct);
        WriteTallies(json, "top", list.Top);
        json.WriteEndObject();
    }

    private static void WriteTallies(Utf8JsonWriter json, string name, IEnumerable<Tally> tallies)
    {
        json.WriteStartArray(name);
        foreach (var (member, count) in tallies)
        {
            json.WriteStartObject();
            json.WriteString("name", MemberText.ForData(member));
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
