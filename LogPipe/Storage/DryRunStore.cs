using System.Globalization;
using System.Text;

namespace LogPipe.Storage;

/// <summary>
/// <c>--dry-run</c>: keeps what would have gone to Redis, under the keys Redis would hold (the per-day cap included),
/// and prints it at the end, highest count first.
/// </summary>
internal sealed class DryRunStore : ICounterStore
{
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _created = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task<bool> ApplyAsync(CounterBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            foreach (var group in batch.Groups)
            {
                Apply(group);
            }
        }

        return Task.FromResult(true);
    }

    /// <summary>Writes <c>count&lt;TAB&gt;key</c> lines, highest count first, then by key; keys as redis-cli shows them (<see cref="QuoteKey"/>).</summary>
    public void WriteReport(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<(long Count, string Key)>(_totals.Count);
        lock (_gate)
        {
            foreach (var (key, count) in _totals)
            {
                rows.Add((count, QuoteKey(key)));
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

    /// <summary>
    /// A key (one char per byte) as redis-cli writes it, so that a key copied from the dry run finds the key Redis holds:
    /// as is when every byte is printable ASCII other than a space or a quote, which redis-cli's prompt reads unchanged
    /// (a backslash included); otherwise in double quotes with Redis's escapes (sdscatrepr: \\, \", \n, \r, \t, \a,
    /// \b, other bytes outside printable ASCII as \xHH), which the prompt reads back into the same bytes (sdssplitargs).
    /// </summary>
    public static string QuoteKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > 0 && !key.AsSpan().ContainsAnyExceptInRange('!', '~') && !key.AsSpan().ContainsAny('"', '\''))
        {
            return key;
        }

        var quoted = new StringBuilder(key.Length + 2).Append('"');
        foreach (var c in key)
        {
            _ = c switch
            {
                '\\' or '"' => quoted.Append('\\').Append(c),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                '\a' => quoted.Append("\\a"),
                '\b' => quoted.Append("\\b"),
                >= ' ' and <= '~' => quoted.Append(c),
                _ => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
            };
        }

        return quoted.Append('"').ToString();
    }

    public Task PublishStatsAsync(IReadOnlyList<KeyValuePair<string, long>> fields, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // What IncrementScript does in Redis: a new key past the day's cap counts under the overflow key.
    private void Apply(CounterGroup group)
    {
        var counter = group.Counter;
        var capKey = Latin1(counter.CapKey(group.Date, group.Host));
        var overflowKey = Latin1(counter.OverflowKey(group.Date, group.Host));
        var overflow = group.OverflowHits;
        _created.TryGetValue(capKey, out var created);
        for (var i = 0; i < group.Members.Count; i++)
        {
            var key = Latin1(counter.RedisKey(group.Date, group.Host, group.Members[i].Span));
            if (_totals.TryGetValue(key, out var total))
            {
                _totals[key] = total + group.Hits[i];
            }
            else if (created < counter.MaxMembersPerDay)
            {
                _totals[key] = group.Hits[i];
                created++;
            }
            else
            {
                overflow += group.Hits[i];
            }
        }

        _created[capKey] = created;
        if (overflow > 0)
        {
            _totals[overflowKey] = _totals.GetValueOrDefault(overflowKey) + overflow;
        }
    }

    // Latin-1 keeps every byte of a key as one char, so distinct keys stay distinct strings.
    private static string Latin1(byte[] key) => Encoding.Latin1.GetString(key);
}
