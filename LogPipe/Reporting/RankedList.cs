namespace LogPipe.Reporting;

/// <summary>The highest members of a sorted set (or of the union of a range's sets), and how many members it has in all.</summary>
internal sealed record RankedList(IReadOnlyList<Tally> Top, long Distinct)
{
    public static RankedList Empty { get; } = new([], 0);
}
