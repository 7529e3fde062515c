using LogPipe.Reports;

namespace LogPipe.Cli;

/// <summary>The reports and where their keys go, as validated by <see cref="ReportOptions"/>.</summary>
internal sealed record ReportSettings
{
    public required ReportKinds Reports { get; init; }

    /// <summary>True when --reports was given: a report the log format cannot feed is then an error, not skipped.</summary>
    public required bool ReportsGiven { get; init; }

    public required int KeepDays { get; init; }

    /// <summary>What every key LogPipe writes starts with; empty for nothing.</summary>
    public required string KeyPrefix { get; init; }

    /// <summary>The site's own host names, lower-case; empty to take each line's virtual host.</summary>
    public required IReadOnlyList<string> SiteHosts { get; init; }

    /// <summary>Referring hosts left out with their subdomains, lower-case.</summary>
    public required IReadOnlyList<string> IgnoredReferrers { get; init; }
}
