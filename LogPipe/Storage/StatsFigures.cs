namespace LogPipe.Storage;

/// <summary>
/// One update of the stats hash: the process's running counts (lines read, hits flushed...), which only grow and are
/// also summed per host across processes, and its gauges (keys pending, pid...), which are only current.
/// </summary>
internal sealed class StatsFigures(IReadOnlyList<KeyValuePair<string, long>> counts, IReadOnlyList<KeyValuePair<string, long>> gauges)
{
    public static readonly StatsFigures None = new([], []);

    public IReadOnlyList<KeyValuePair<string, long>> Counts { get; } = counts;

    public IReadOnlyList<KeyValuePair<string, long>> Gauges { get; } = gauges;
}
