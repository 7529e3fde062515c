using System.Text;
using System.Text.Json;
using LogPipe.Reporting;
using static LogPipe.Tests.Reporting.ReportSamples;

namespace LogPipe.Tests.Reporting;

public sealed class ReportWriterUnitTests
{
    [Fact]
    public void Text_aligns_counts_and_shares_in_columns()
    {
        var text = Text(Day1);

        Assert.Equal(
            """
            LogPipe report for 2026-12-06 (Sunday)

            Page views        12,345
            Visitors           3,210
            Crawler requests   1,234
            Crawler share       9.1%

            Requests by status    requests   share
              2xx                   20,000   91.3%
              3xx                    1,000    4.6%
              4xx                      900    4.1%
              5xx                       12    0.1%

            Top pages (3 of 1,500)    views   share
              /                       4,000   32.4%
              /articles/42            1,234   10.0%
              /about                     99    0.8%

            Top referring sites (2 of 40)    views   share
              www.google.com                 2,000   16.2%
              t.co                             150    1.2%

            Top campaigns (1 of 3)       views   share
              newsletter/email/december    321    2.6%

            Crawlers     requests   share
              Googlebot     1,000   81.0%
              curl            234   19.0%


            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Text_says_when_there_is_no_data()
    {
        var text = Text(Empty);

        Assert.StartsWith("LogPipe report for 2026-12-06 (Sunday)\nNote: no data for 2026-12-06", text, StringComparison.Ordinal);
        Assert.Contains("Page views        0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_the_documented_shape()
    {
        using var json = JsonDocument.Parse(Json(Day1));
        var root = json.RootElement;

        Assert.Equal(
            ["version", "from", "to", "days", "host", "note", "views", "visitors", "crawler_requests", "crawler_share", "status_classes", "statuses", "crawlers", "pages", "referrers", "campaigns"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("2026-12-06", root.GetProperty("from").GetString());
        Assert.Equal("2026-12-06", root.GetProperty("to").GetString());
        Assert.Equal(1, root.GetProperty("days").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("host").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("note").ValueKind);
        Assert.Equal(12_345, root.GetProperty("views").GetInt64());
        Assert.Equal(3_210, root.GetProperty("visitors").GetInt64());
        Assert.Equal(1_234, root.GetProperty("crawler_requests").GetInt64());
        Assert.Equal(0.0909, root.GetProperty("crawler_share").GetDouble());
        Assert.Equal("""{"2xx":20000,"3xx":1000,"4xx":900,"5xx":12,"other":0}""", Compact(root.GetProperty("status_classes")));
        Assert.Equal("""[{"name":"200","count":20000},{"name":"304","count":1000},{"name":"404","count":900},{"name":"500","count":12}]""", Compact(root.GetProperty("statuses")));
        Assert.Equal("""[{"name":"Googlebot","count":1000},{"name":"curl","count":234}]""", Compact(root.GetProperty("crawlers")));
        Assert.Equal("""{"distinct":1500,"top":[{"name":"/","count":4000},{"name":"/articles/42","count":1234},{"name":"/about","count":99}]}""", Compact(root.GetProperty("pages")));
        Assert.Equal("""{"distinct":40,"top":[{"name":"www.google.com","count":2000},{"name":"t.co","count":150}]}""", Compact(root.GetProperty("referrers")));
        Assert.Equal("""{"distinct":3,"top":[{"name":"newsletter/email/december","count":321}]}""", Compact(root.GetProperty("campaigns")));
    }

    [Fact]
    public void Json_of_a_day_without_data_has_zeros_and_the_note()
    {
        using var json = JsonDocument.Parse(Json(Empty));

        Assert.StartsWith("no data for 2026-12-06", json.RootElement.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, json.RootElement.GetProperty("views").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("crawler_share").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("pages").GetProperty("top").GetArrayLength());
    }

    [Fact]
    public void Json_keeps_any_member_a_valid_string()
    {
        var report = Day1 with { Pages = new RankedList([new Tally([.. "/\"q\"\\"u8, 0x1b, 0xff, .. "é"u8], 1)], 1) };

        using var json = JsonDocument.Parse(Json(report));

        Assert.Equal("/\"q\"\\\\x1b\\xffé", json.RootElement.GetProperty("pages").GetProperty("top")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Csv_is_one_table_of_section_name_value()
    {
        Assert.Equal(
            """
            section,name,value
            period,from,2026-12-06
            period,to,2026-12-06
            total,views,12345
            total,visitors,3210
            total,crawler_requests,1234
            total,crawler_share,0.0909
            status_class,2xx,20000
            status_class,3xx,1000
            status_class,4xx,900
            status_class,5xx,12
            status_class,other,0
            status,200,20000
            status,304,1000
            status,404,900
            status,500,12
            crawler,Googlebot,1000
            crawler,curl,234
            page,/,4000
            page,/articles/42,1234
            page,/about,99
            referrer,www.google.com,2000
            referrer,t.co,150
            campaign,newsletter/email/december,321

            """.ReplaceLineEndings("\r\n"),
            Csv(Day1));
    }

    [Fact]
    public void Csv_quotes_what_would_break_a_row_and_defuses_formulas()
    {
        var report = Empty with
        {
            Campaigns = new RankedList([T("a,b/\"c\"/d", 2), T("=HYPERLINK(\"x\")", 1), T("-1+1", 1), T("line\nbreak", 1)], 4),
        };

        var rows = Csv(report).Split("\r\n");

        Assert.Contains("campaign,\"a,b/\"\"c\"\"/d\",2", rows);
        Assert.Contains("campaign,\"'=HYPERLINK(\"\"x\"\")\",1", rows);
        Assert.Contains("campaign,'-1+1,1", rows);
        Assert.Contains("campaign,line\\x0abreak,1", rows);
    }

    [Fact]
    public void Csv_of_a_day_without_data_has_zeros_and_the_note()
    {
        var rows = Csv(Empty).Split("\r\n");

        Assert.Contains(rows, row => row.StartsWith("note,no data,\"no data for 2026-12-06", StringComparison.Ordinal));
        Assert.Contains("total,views,0", rows);
    }

    private static string Text(Report report)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        TextReportWriter.Write(report, writer);
        return writer.ToString();
    }

    private static string Json(Report report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Csv(Report report)
    {
        using var writer = new StringWriter();
        CsvReportWriter.Write(report, writer);
        return writer.ToString();
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element, JsonContext.Default.JsonElement);
}
