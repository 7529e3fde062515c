using LogPipe.Filtering;

namespace LogPipe.Cli;

/// <summary>The page-view rule and its bounds, as validated by <see cref="PageViewOptions"/>.</summary>
internal sealed record PageViewSettings
{
    public required StatusFilter Statuses { get; init; }

    public required AssetFilter Assets { get; init; }

    public required bool CountCrawlers { get; init; }

    public required bool KeepQuery { get; init; }

    public required bool CountAll { get; init; }

    public required int MaxPagesPerDay { get; init; }

    public required int MaxPathLength { get; init; }
}
