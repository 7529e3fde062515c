namespace LogPipe.Storage;

/// <summary>
/// Counts sent to Redis as one unit, grouped by counter, day and host. Its <see cref="Id"/> makes it idempotent: a
/// batch sent again after an unknown outcome (a dropped connection, a timeout) is applied at most once.
/// </summary>
internal sealed class CounterBatch
{
    public CounterBatch(string id, IReadOnlyList<CounterGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Id = id;
        Groups = groups;
        foreach (var group in groups)
        {
            Count += group.KeyCount;
            TotalHits += group.Counter.CountsHits ? group.TotalHits : 0;
            MemberBytes += group.MemberBytes;
        }
    }

    public string Id { get; }

    public IReadOnlyList<CounterGroup> Groups { get; }

    /// <summary>Distinct keys the batch updates.</summary>
    public int Count { get; }

    /// <summary>Page views: the page counter's hits. A report's counts follow the same lines, and are not hits again.</summary>
    public long TotalHits { get; }

    /// <summary>Bytes of the members the batch holds; its Redis keys take about as many more while it is sent.</summary>
    public long MemberBytes { get; }
}
