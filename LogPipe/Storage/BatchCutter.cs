using LogPipe.Counting;

namespace LogPipe.Storage;

/// <summary>
/// Cuts a table of structured counts into batches of at most <see cref="MaxKeysPerBatch"/> keys and about
/// <see cref="MaxMemberBytesPerBatch"/> bytes of members, each grouped by counter, day and host. The place to group by Redis Cluster slot (or node) when that comes: a batch must then hold
/// the keys of one slot only.
/// </summary>
internal sealed class BatchCutter
{
    // Redis runs one script at a time: a few hundred keys per script keeps each one well under a millisecond.
    public const int MaxKeysPerBatch = 500;

    /// <summary>
    /// Long paths (up to 64 KiB with --max-path-length) make few keys a batch: a script's arguments stay near a MiB,
    /// and a batch is a unit the flusher can hold back while others are sent.
    /// </summary>
    public const int MaxMemberBytesPerBatch = 1024 * 1024;

    private readonly CounterSet _counters;
    private readonly Func<string> _nextBatchId;

    /// <param name="counters">The counters the table's keys belong to.</param>
    /// <param name="nextBatchId">A new, never repeated batch id per call.</param>
    public BatchCutter(CounterSet counters, Func<string> nextBatchId)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(nextBatchId);
        _counters = counters;
        _nextBatchId = nextBatchId;
    }

    public List<CounterBatch> Cut(CountTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var batches = new List<CounterBatch>((table.Count / MaxKeysPerBatch) + 1);
        var groups = new Dictionary<ReadOnlyMemory<byte>, CounterGroup>(HeaderComparer.Instance);
        var keys = 0;
        long bytes = 0;
        foreach (var counted in table)
        {
            var key = counted.Key;
            // The header stays in the table's bytes too: finding a key's group allocates nothing.
            var header = counted.KeyMemory[..CounterKey.Header(key).Length];
            if (!groups.TryGetValue(header, out var group))
            {
                group = new CounterGroup(_counters.Of(key), CounterKey.Date(key).ToArray(), CounterKey.Host(key).ToArray());
                groups.Add(header, group);
                keys += 1 + group.Mirrors.Count;
            }

            // The member stays in the table's bytes, which the flush holds unchanged until every batch is done: no copy.
            group.Add(counted.KeyMemory[(key.Length - CounterKey.Member(key).Length)..], counted.Count);
            keys += 1 + group.MemberMirrors;
            bytes += key.Length;
            if (keys >= MaxKeysPerBatch || bytes >= MaxMemberBytesPerBatch)
            {
                batches.Add(new CounterBatch(_nextBatchId(), [.. groups.Values]));
                groups.Clear();
                keys = 0;
                bytes = 0;
            }
        }

        if (groups.Count > 0)
        {
            batches.Add(new CounterBatch(_nextBatchId(), [.. groups.Values]));
        }

        return batches;
    }

    private sealed class HeaderComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly HeaderComparer Instance = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> obj)
        {
            var hash = default(HashCode);
            hash.AddBytes(obj.Span);
            return hash.ToHashCode();
        }
    }
}
