using LogPipe.Counting;

namespace LogPipe.Reports;

/// <summary>
/// Every report's name (the start of its key), counter id and Redis operation: the key layout applications read, in
/// one place. The ids follow the page counter's (<see cref="CounterDefinition.PageViewsId"/>) and never change meaning
/// within a process; they are not stored anywhere.
/// </summary>
internal static class ReportCatalog
{
    public const string Views = "views";
    public const string Visitors = "visitors";
    public const string Pages = "pages";
    public const string Referrers = "referrers";
    public const string Campaigns = "campaigns";
    public const string Statuses = "statuses";
    public const string Crawlers = "crawlers";
    public const string Minutes = "minutes";

    public static IReadOnlyList<ReportEntry> Entries { get; } =
    [
        new(ReportKinds.Views, Views, 2, RedisOperation.Increment),
        new(ReportKinds.Visitors, Visitors, 3, RedisOperation.UniqueAdd),
        new(ReportKinds.Pages, Pages, 4, RedisOperation.CappedSortedSetIncrement),
        new(ReportKinds.Referrers, Referrers, 5, RedisOperation.CappedSortedSetIncrement),
        new(ReportKinds.Campaigns, Campaigns, 6, RedisOperation.CappedSortedSetIncrement),
        new(ReportKinds.Statuses, Statuses, 7, RedisOperation.HashIncrement),
        new(ReportKinds.Crawlers, Crawlers, 8, RedisOperation.HashIncrement),
        new(ReportKinds.Minutes, Minutes, 9, RedisOperation.HashIncrement),
    ];

    /// <summary>Every report's name, in the catalog's order: what <c>--reports</c> accepts besides <c>all</c> and <c>none</c>.</summary>
    public static string Names => string.Join(", ", Entries.Select(entry => entry.Name));

    /// <summary>Reads <c>--reports</c>: <c>all</c>, <c>none</c> or a comma-separated list of names.</summary>
    public static bool TryParse(string text, out ReportKinds kinds, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        kinds = ReportKinds.None;
        error = null;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            error = $"'{text}' names no report; give all, none, or some of {Names}";
            return false;
        }

        foreach (var name in names)
        {
            if (names.Length == 1 && name is "all" or "none")
            {
                kinds = name == "all" ? ReportKinds.All : ReportKinds.None;
                return true;
            }

            var entry = Entries.FirstOrDefault(entry => entry.Name == name);
            if (entry is null)
            {
                error = $"'{name}' is no report; the reports are {Names} (or all, or none, alone)";
                return false;
            }

            kinds |= entry.Kind;
        }

        return true;
    }

    /// <summary>The report names of <paramref name="kinds"/>, comma-separated, for logs and errors.</summary>
    public static string Describe(ReportKinds kinds) =>
        kinds == ReportKinds.None ? "none" : string.Join(',', Entries.Where(entry => (kinds & entry.Kind) != 0).Select(entry => entry.Name));
}
