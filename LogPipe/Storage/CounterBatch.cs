namespace LogPipe.Storage;

/// <summary>
/// Increments sent to Redis as one unit. Its <see cref="Id"/> makes it idempotent: a batch sent again after an unknown
/// outcome (a dropped connection, a timeout) is applied at most once.
/// </summary>
internal sealed class CounterBatch
{
    public CounterBatch(string id, byte[][] keys, long[] hits)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentOutOfRangeException.ThrowIfNotEqual(hits.Length, keys.Length);
        Id = id;
        Keys = keys;
        Hits = hits;
        foreach (var count in hits)
        {
            TotalHits += count;
        }
    }

    public string Id { get; }

    public byte[][] Keys { get; }

    public long[] Hits { get; }

    public long TotalHits { get; }

    public int Count => Keys.Length;
}
