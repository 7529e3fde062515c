using LogPipe.Counting;
using LogPipe.Logging;

namespace LogPipe.Storage;

/// <summary><c>--dry-run</c>: keeps what would have gone to Redis and prints it at the end, highest count first.</summary>
internal sealed class DryRunStore : ICounterStore
{
    private readonly CountTable _totals = new();
    private readonly Lock _gate = new();

    public Task<bool> ApplyAsync(CounterBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                _totals.Increment(batch.Keys[i], batch.Hits[i]);
            }
        }

        return Task.FromResult(true);
    }

    /// <summary>Writes <c>count&lt;TAB&gt;key</c> lines, highest count first, then by key; keys escaped like log text.</summary>
    public void WriteReport(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<(long Count, string Key)>(_totals.Count);
        lock (_gate)
        {
            foreach (var (key, count) in _totals)
            {
                rows.Add((count, LogText.Escape(key, int.MaxValue)));
            }
        }

        rows.Sort(static (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Key, b.Key));
        foreach (var (count, key) in rows)
        {
            output.Write(count);
            output.Write('\t');
            output.WriteLine(key);
        }
    }

    public Task PublishStatsAsync(IReadOnlyList<KeyValuePair<string, long>> fields, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
