using System.CommandLine;
using System.Globalization;
using LogPipe.Filtering;

namespace LogPipe.Cli;

/// <summary>
/// The options of the page-view rule and its bounds, as one group: which lines count as page views, under which path,
/// and how many page keys a day may make in Redis.
/// </summary>
internal sealed class PageViewOptions
{
    public const int DefaultMaxPagesPerDay = 100_000;
    public const int DefaultMaxPathLength = 1024;

    // A path's key must stay well inside Redis's and the batch's limits whatever is asked for.
    private const int MaximumPathLength = 64 * 1024;

    public Option<string> Statuses { get; } = new("--statuses")
    {
        Description = "Response statuses that make a page view: codes and ranges, comma-separated. Redirects other than 304, client and server errors are not views.",
        DefaultValueFactory = _ => StatusFilter.Default,
        HelpName = "list",
    };

    public Option<string> AssetExtensions { get; } = new("--asset-extensions")
    {
        Description = "Extensions (of the path's last segment, any case, query removed) of static files, which are not page views; separated by spaces or commas; '' for none.",
        DefaultValueFactory = _ => AssetFilter.Default,
        HelpName = "list",
    };

    public Option<bool> CountCrawlers { get; } = new("--count-crawlers")
    {
        Description = "Count requests of crawlers and tools as page views too. By default a user agent of the embedded crawler-user-agents list (about 1,500 crawlers), one with bot, crawl, spider or slurp in it, a tool (curl, wget, python-requests, Go-http-client, Java/, libwww-perl, okhttp, HeadlessChrome...) or an empty or '-' user agent is not a visitor.",
    };

    public Option<bool> KeepQuery { get; } = new("--keep-query")
    {
        Description = "Count a page under its path with the query string, as logged (/a?ref=x and /a are then two pages). By default the query is removed.",
    };

    public Option<bool> CountAll { get; } = new("--count-all")
    {
        Description = "The 2009 rule: count every line of a counted method (--methods) under its target as logged, whatever its status, path or user agent.",
    };

    public Option<string> MaxPagesPerDay { get; } = new("--max-pages-per-day")
    {
        Description = "Distinct page keys created in Redis per day (and per host with {host}), by every LogPipe writing there; views of further new paths that day count under the key with the path (other). Bounds what random URLs can cost Redis.",
        DefaultValueFactory = _ => DefaultMaxPagesPerDay.ToString(CultureInfo.InvariantCulture),
        HelpName = "count",
    };

    public Option<string> MaxPathLength { get; } = new("--max-path-length")
    {
        Description = "Longer paths count under the day's (other) key, never as keys of their own; bytes, as logged.",
        DefaultValueFactory = _ => DefaultMaxPathLength.ToString(CultureInfo.InvariantCulture),
        HelpName = "bytes",
    };

    public IEnumerable<Option> All => [Statuses, AssetExtensions, CountCrawlers, KeepQuery, CountAll, MaxPagesPerDay, MaxPathLength];

    /// <summary>Reads the group's values, or says in one line which one is wrong.</summary>
    public bool TryRead(ParseResult parsed, out PageViewSettings? settings, out string? error)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        settings = null;
        if (!StatusFilter.TryParse(parsed.GetValue(Statuses)!, out var statuses, out error))
        {
            error = $"--statuses: {error}";
            return false;
        }

        if (!AssetFilter.TryParse(parsed.GetValue(AssetExtensions)!, out var assets, out error))
        {
            error = $"--asset-extensions: {error}";
            return false;
        }

        if (!TryCount(parsed, MaxPagesPerDay, int.MaxValue, out var maxPagesPerDay, out error)
            || !TryCount(parsed, MaxPathLength, MaximumPathLength, out var maxPathLength, out error))
        {
            return false;
        }

        settings = new PageViewSettings
        {
            Statuses = statuses!,
            Assets = assets!,
            CountCrawlers = parsed.GetValue(CountCrawlers),
            KeepQuery = parsed.GetValue(KeepQuery),
            CountAll = parsed.GetValue(CountAll),
            MaxPagesPerDay = maxPagesPerDay,
            MaxPathLength = maxPathLength,
        };
        return true;
    }

    private static bool TryCount(ParseResult parsed, Option<string> option, int maximum, out int value, out string? error)
    {
        var text = parsed.GetValue(option)!;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < 1 || value > maximum)
        {
            error = $"{option.Name}: '{text}' must be a whole number from 1 to {maximum}";
            return false;
        }

        error = null;
        return true;
    }
}
