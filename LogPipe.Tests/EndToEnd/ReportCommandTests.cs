using System.Globalization;
using System.Text.Json;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.EndToEnd;

/// <summary><c>logpipe report</c>, the real binary against a real redis-server holding known report keys, in each format.</summary>
public sealed class ReportCommandTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task Csv_of_a_day_holds_every_figure_of_its_keys()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "csv-day:");
        var visitors = await ReportData.VisitorsAsync(redis.Database, "csv-day:", ReportData.FirstDay);

        var output = await ReportAsync("csv-day:", "--date", "2026-12-05", "--format", "csv");

        Assert.Equal(
            $"""
            section,name,value
            period,from,2026-12-05
            period,to,2026-12-05
            total,views,1000
            total,visitors,{visitors}
            total,crawler_requests,250
            total,crawler_share,0.2
            status_class,2xx,1500
            status_class,3xx,100
            status_class,4xx,40
            status_class,5xx,2
            status_class,other,0
            status,200,1500
            status,304,100
            status,404,40
            status,500,2
            crawler,Googlebot,200
            crawler,bingbot,50
            page,/,400
            page,/articles/42,250
            page,/about,100
            page,(other),5
            referrer,www.google.com,120
            referrer,news.ycombinator.com,80
            campaign,newsletter/email/december,30

            """.ReplaceLineEndings("\n"),
            output);
    }

    [RedisFact]
    public async Task Csv_of_a_range_sums_the_days_and_unions_their_visitors()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "csv-range:");
        await ReportData.WriteSecondDayAsync(redis.Database, "csv-range:");
        var visitors = await ReportData.VisitorsAsync(redis.Database, "csv-range:", ReportData.FirstDay, ReportData.SecondDay);
        Assert.InRange(visitors, 390, 410);

        var output = await ReportAsync("csv-range:", "--from", "2026-12-05", "--to", "2026-12-06", "--format", "csv", "--top", "3");

        Assert.Equal(
            $"""
            section,name,value
            period,from,2026-12-05
            period,to,2026-12-06
            total,views,1500
            total,visitors,{visitors}
            total,crawler_requests,360
            total,crawler_share,0.1935
            status_class,2xx,2200
            status_class,3xx,120
            status_class,4xx,40
            status_class,5xx,5
            status_class,other,0
            status,200,2200
            status,301,20
            status,304,100
            status,404,40
            status,500,2
            status,503,3
            crawler,Googlebot,300
            crawler,bingbot,50
            crawler,curl,10
            page,/articles/42,550
            page,/,500
            page,/about,100
            referrer,www.google.com,150
            referrer,news.ycombinator.com,80
            referrer,t.co,60
            campaign,newsletter/email/december,40
            campaign,x/y/z,5

            """.ReplaceLineEndings("\n"),
            output);
    }

    [RedisFact]
    public async Task Json_of_a_day_and_of_a_range()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "json:");
        await ReportData.WriteSecondDayAsync(redis.Database, "json:");

        using var day = JsonDocument.Parse(await ReportAsync("json:", "--date", "2026-12-06", "--format", "json"));
        using var range = JsonDocument.Parse(await ReportAsync("json:", "--from", "2026-12-05", "--to", "2026-12-06", "--format", "json", "--top", "1"));

        Assert.Equal("2026-12-06", day.RootElement.GetProperty("from").GetString());
        Assert.Equal(500, day.RootElement.GetProperty("views").GetInt64());
        Assert.Equal(await ReportData.VisitorsAsync(redis.Database, "json:", ReportData.SecondDay), day.RootElement.GetProperty("visitors").GetInt64());
        Assert.Equal("/articles/42", day.RootElement.GetProperty("pages").GetProperty("top")[0].GetProperty("name").GetString());
        Assert.Equal(3, day.RootElement.GetProperty("pages").GetProperty("top").GetArrayLength());
        Assert.Equal(2, range.RootElement.GetProperty("days").GetInt32());
        Assert.Equal(1500, range.RootElement.GetProperty("views").GetInt64());
        Assert.Equal(await ReportData.VisitorsAsync(redis.Database, "json:", ReportData.FirstDay, ReportData.SecondDay), range.RootElement.GetProperty("visitors").GetInt64());
        var pages = range.RootElement.GetProperty("pages");
        Assert.Equal(5, pages.GetProperty("distinct").GetInt64());
        Assert.Equal(550, Assert.Single(pages.GetProperty("top").EnumerateArray()).GetProperty("count").GetInt64());
        Assert.Equal(2200, range.RootElement.GetProperty("status_classes").GetProperty("2xx").GetInt64());
    }

    [RedisFact]
    public async Task Text_of_a_day_and_of_a_range()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "text:");
        await ReportData.WriteSecondDayAsync(redis.Database, "text:");
        var visitors = await ReportData.VisitorsAsync(redis.Database, "text:", ReportData.FirstDay, ReportData.SecondDay);

        var day = await ReportAsync("text:", "--date", "2026-12-05");
        var range = await ReportAsync("text:", "--from", "2026-12-05", "--to", "2026-12-06", "--top", "2");

        Assert.StartsWith("LogPipe report for 2026-12-05 (Saturday)\n\nPage views        1,000\n", day, StringComparison.Ordinal);
        Assert.Contains("\nCrawler share     20.0%\n", day, StringComparison.Ordinal);
        Assert.Contains("\n  /                     400   40.0%\n", day, StringComparison.Ordinal);
        Assert.StartsWith("LogPipe report for 2026-12-05 to 2026-12-06 (2 days)\n\nPage views        1,500\n", range, StringComparison.Ordinal);
        Assert.Contains($"\nVisitors          {visitors.ToString(CultureInfo.InvariantCulture),5}\n", range, StringComparison.Ordinal);
        Assert.Contains("\nTop pages (2 of 5)    views   share\n  /articles/42          550   36.7%\n  /                     500   33.3%\n\n", range, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task A_day_without_data_is_zeros_and_a_note_and_exit_0()
    {
        await using var logPipe = await RunAsync(["report", "--redis", redis.Configuration, "--key-prefix", "none:", "--date", "2026-12-01"]);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Contains("Note: no data for 2026-12-01 (Tuesday)", logPipe.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Page views        0", logPipe.StandardOutput, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task A_hosts_report_is_read_under_its_host()
    {
        await ReportData.WriteFirstDayAsync(redis.Database, "vhost:example.com:");

        var output = await ReportAsync("vhost:", "--host", "example.com", "--date", "2026-12-05", "--format", "csv");

        Assert.Contains("\nperiod,host,example.com\ntotal,views,1000\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--date 2026-13-01", "--date: '2026-13-01' is not a day")]
    [InlineData("--date 06.12.2026", "--date")]
    [InlineData("--from 2026-12-07 --to 2026-12-01", "is before --from")]
    [InlineData("--to 2026-12-01", "give --from too")]
    [InlineData("--date 2026-12-01 --from 2026-12-01", "not both")]
    [InlineData("--from 2020-01-01 --to 2026-01-01", "at most 366 days")]
    [InlineData("--top 0", "--top")]
    [InlineData("--format xml", "--format: 'xml' must be text, json or csv")]
    [InlineData("--host", "--host")]
    [InlineData("--redis redis://[::1", "--redis")]
    public async Task A_bad_option_is_one_line_and_exit_64(string arguments, string mentioned)
    {
        await using var logPipe = await RunAsync(["report", .. arguments.Split(' ')]);

        Assert.Equal(64, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("logpipe: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
        Assert.Empty(logPipe.StandardOutput);
    }

    [Fact]
    public async Task A_key_prefix_the_daemon_would_refuse_is_refused_here_too()
    {
        await using var logPipe = await RunAsync(["report", "--key-prefix", "blog\t"]);

        Assert.Equal(64, logPipe.ExitCode);
        Assert.StartsWith("logpipe: --key-prefix: must be at most 128 characters, with no control characters", logPipe.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_redis_is_one_line_and_exit_69()
    {
        await using var logPipe = await RunAsync(["report", "--redis", $"127.0.0.1:{FreePort.Next()},password=secret-word"]);

        Assert.Equal(69, logPipe.ExitCode);
        var line = Assert.Single(logPipe.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("logpipe: Redis at 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", line, StringComparison.Ordinal);
        Assert.Empty(logPipe.StandardOutput);
    }

    [Fact]
    public async Task Help_teaches_with_examples()
    {
        await using var logPipe = await RunAsync(["report", "--help"]);

        Assert.Equal(0, logPipe.ExitCode);
        Assert.Contains("--from <day>", logPipe.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Examples:", logPipe.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("logpipe report --from 2026-12-01 --to 2026-12-07 --format json", logPipe.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<string> ReportAsync(string prefix, params string[] arguments)
    {
        await using var logPipe = await RunAsync(["report", "--redis", redis.Configuration, "--key-prefix", prefix, .. arguments]);
        Assert.True(logPipe.ExitCode == 0, $"exit {logPipe.ExitCode}: {logPipe.StandardError}");

        // Output is captured line by line, so CSV's CRLF row ends arrive as lines too (the unit tests check the bytes).
        return logPipe.StandardOutput.ReplaceLineEndings("\n");
    }

    private static Task<LogPipeProcess> RunAsync(string[] arguments) => LogPipeProcess.RunAsync(arguments, [], TimeSpan.FromSeconds(30));
}
