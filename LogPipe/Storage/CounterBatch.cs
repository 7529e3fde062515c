namespace LogPipe.Storage;

/// <summary>
/// Counts sent to Redis as one unit, grouped by counter, day and host. Its <see cref="Id"/> makes it idempotent: a
/// batch sent again after an unknown outcome (a dropped connection, a timeout) is applied at most once.
/// </summary>
internal sealed class CounterBatch
{
    /// <param name="id">The batch's id, never used for another.</param>
    /// <param name="groups">Its groups; each one's mirrors (<see cref="CounterGroup.Mirrors"/>) follow it in the batch, so
    /// that they are applied, or replayed, with it, the pages report right after the page keys it follows.</param>
    public CounterBatch(string id, IReadOnlyList<CounterGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Id = id;
        var all = new List<CounterGroup>(groups.Count);
        foreach (var group in groups)
        {
            all.Add(group);
            all.AddRange(group.Mirrors);
        }

        Groups = all;
        foreach (var group in all)
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
