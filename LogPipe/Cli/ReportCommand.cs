using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using LogPipe.Reporting;
using StackExchange.Redis;

namespace LogPipe.Cli;

/// <summary><c>logpipe report</c>: a day's or a range's figures from the report keys, as text, JSON or CSV.</summary>
internal sealed class ReportCommand
{
    public const int DefaultTop = 10;
    public const int MaximumTop = 10_000;

    private const string Summary = """
        Prints the figures of a day, or of a range of days, from the report keys in Redis: page views,
        visitors, requests by status, crawler share, top pages, referring sites and campaigns.
        Over a range counts are summed and visitors are the union of the days' (a visitor of two days
        counts once). A day without data is zeros and a note, not an error.
        """;

    public const string Examples = """
        Examples:
          logpipe report                                   today, aligned text
          logpipe report --date yesterday --top 20
          logpipe report --from 2026-12-01 --to 2026-12-07 --format json
          logpipe report --date 2026-12-06 --format csv > 2026-12-06.csv
          logpipe report --host example.com --redis 10.0.0.5:6379

        Exit codes: 0 printed; 64 bad option or date; 69 Redis could not be read.
        """;

    private readonly LaunchEnvironment _environment;

    public ReportCommand(LaunchEnvironment environment)
    {
        _environment = environment;
        Command = new Command("report", Summary);
        foreach (var option in (Option[])[Date, From, To, Top, Format, .. Redis.All])
        {
            Command.Options.Add(option);
        }

        Command.Validators.Add(Validate);
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    public RedisReadOptions Redis { get; } = new();

    public Option<DateOnly?> Date { get; } = new("--date")
    {
        Description = $"The day to report: {DayArgument.Syntax}. [default: today]",
        CustomParser = DayArgument.Parse,
        HelpName = "day",
    };

    public Option<DateOnly?> From { get; } = new("--from")
    {
        Description = "First day of a range (with --to, both included).",
        CustomParser = DayArgument.Parse,
        HelpName = "day",
    };

    public Option<DateOnly?> To { get; } = new("--to")
    {
        Description = $"Last day of a range, at most {ReportPeriod.MaximumDays} days after --from. [default: today]",
        CustomParser = DayArgument.Parse,
        HelpName = "day",
    };

    public Option<int> Top { get; } = new("--top")
    {
        Description = "How many pages, referring sites and campaigns to list.",
        DefaultValueFactory = _ => DefaultTop,
        CustomParser = ParseTop,
        HelpName = "count",
    };

    public Option<ReportFormat?> Format { get; } = new("--format")
    {
        Description = "text (aligned, for people), json (one object, the shape the README documents) or csv (section,name,value rows). [default: text]",
        CustomParser = ParseFormat,
        HelpName = "text|json|csv",
    };

    /// <summary>The days asked for: --date, --from and --to, else today.</summary>
    private ReportPeriod Period(ParseResult parsed)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        return parsed.GetValue(From) is { } from
            ? new ReportPeriod(from, parsed.GetValue(To) ?? today)
            : ReportPeriod.Day(parsed.GetValue(Date) ?? today);
    }

    private static int ParseTop(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top is >= 1 and <= MaximumTop)
        {
            return top;
        }

        result.AddError($"--top: '{text}' must be a whole number from 1 to {MaximumTop}");
        return DefaultTop;
    }

    private static ReportFormat? ParseFormat(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        switch (text)
        {
            case "text":
                return ReportFormat.Text;
            case "json":
                return ReportFormat.Json;
            case "csv":
                return ReportFormat.Csv;
            default:
                result.AddError($"--format: '{text}' must be text, json or csv");
                return null;
        }
    }

    private void Validate(CommandResult result)
    {
        var date = result.GetResult(Date) is not null;
        var from = result.GetValue(From);
        var to = result.GetValue(To);
        if (date && (from is not null || result.GetResult(To) is not null))
        {
            result.AddError("--date: give either --date or --from and --to, not both");
        }
        else if (from is null && result.GetResult(To) is not null)
        {
            result.AddError("--to: give --from too: a range is --from DAY --to DAY");
        }
        else if (from is { } first && to is { } last)
        {
            if (last < first)
            {
                result.AddError($"--to: {ReportPeriod.Format(last)} is before --from {ReportPeriod.Format(first)}");
            }
            else if (last.DayNumber - first.DayNumber + 1 > ReportPeriod.MaximumDays)
            {
                result.AddError($"--to: a range holds at most {ReportPeriod.MaximumDays} days");
            }
        }
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        if (!Redis.TryRead(parsed, _environment.Redis, out var settings, out var error))
        {
            await Console.Error.WriteLineAsync($"logpipe: {error}");
            return ExitCodes.Usage;
        }

        ReportPeriod period;
        try
        {
            period = Period(parsed);
        }
        catch (ArgumentException ex)
        {
            // --from alone ends today: a --from in the future, or more than a year back, is only known here.
            await Console.Error.WriteLineAsync($"logpipe: --from: {ex.Message}");
            return ExitCodes.Usage;
        }

        Report report;
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(settings!.Redis);
            report = await new ReportReader(connection.GetDatabase(), settings.Keys).ReadAsync(period, parsed.GetValue(Top)).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"logpipe: Redis at {settings!.Description} could not be read: {settings.Explain(ex)}");
            return ExitCodes.Unavailable;
        }

        var format = parsed.GetValue(Format) ?? ReportFormat.Text;
        await using var stdout = Console.OpenStandardOutput();
        if (format == ReportFormat.Json)
        {
            JsonReportWriter.Write(report, stdout);
        }
        else
        {
            await using var text = new StreamWriter(stdout, new UTF8Encoding(false), 1 << 16);
            if (format == ReportFormat.Csv)
            {
                CsvReportWriter.Write(report, text);
            }
            else
            {
                TextReportWriter.Write(report, text);
            }
        }

        return ExitCodes.Success;
    }
}
