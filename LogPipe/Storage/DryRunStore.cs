using System.Globalization;
using System.Text;
using LogPipe.Counting;

namespace LogPipe.Storage;

/// <summary>
/// <c>--dry-run</c>: keeps what would have gone to Redis, under the keys Redis would hold (the per-day caps included),
/// and prints it at the end, highest count first: a string key with its value, a report's members with theirs, and a
/// HyperLogLog with the exact number of its distinct elements.
/// </summary>
internal sealed class DryRunStore : ICounterStore
{
    private readonly string _keyPrefix;
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _created = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, string Member), long> _members = [];
    private readonly Dictionary<string, HashSet<string>> _unique = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="keyPrefix">What every key starts with (--key-prefix).</param>
    public DryRunStore(string keyPrefix = "") => _keyPrefix = keyPrefix;

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

    /// <summary>
    /// Writes <c>count&lt;TAB&gt;key</c> lines, and <c>count&lt;TAB&gt;key&lt;TAB&gt;member</c> for a report's hash fields
    /// and sorted-set members, highest count first, then by text; keys and members as redis-cli shows them (<see cref="QuoteKey"/>).
    /// </summary>
    public void WriteReport(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<(long Count, string Key)>(_totals.Count + _members.Count + _unique.Count);
        lock (_gate)
        {
            foreach (var (key, count) in _totals)
            {
                rows.Add((count, QuoteKey(key)));
            }

            foreach (var ((key, member), count) in _members)
            {
                rows.Add((count, QuoteKey(key) + "\t" + QuoteKey(member)));
            }

            foreach (var (key, elements) in _unique)
            {
                rows.Add((elements.Count, QuoteKey(key)));
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

    // What IncrementScript does in Redis, group by group.
    private void Apply(CounterGroup group)
    {
        var counter = group.Counter;
        if (counter.Operation != RedisOperation.CappedIncrement)
        {
            ApplyReport(group);
            return;
        }

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

    private void ApplyReport(CounterGroup group)
    {
        var counter = group.Counter;
        var key = Latin1(counter.ReportKey(group.Date, group.Host));
        switch (counter.Operation)
        {
            case RedisOperation.Increment:
                _totals[key] = _totals.GetValueOrDefault(key) + group.TotalHits;
                break;
            case RedisOperation.UniqueAdd:
                if (!_unique.TryGetValue(key, out var elements))
                {
                    elements = new HashSet<string>(StringComparer.Ordinal);
                    _unique.Add(key, elements);
                }

                foreach (var member in group.Members)
                {
                    elements.Add(Latin1(member.Span));
                }

                break;
            default:
                // A hash is not capped; a sorted set is, like the page counter, with (other) past the cap.
                var capped = counter.Operation == RedisOperation.CappedSortedSetIncrement;
                var overflow = group.OverflowHits;
                var created = capped ? _created.GetValueOrDefault(key) : 0;
                for (var i = 0; i < group.Members.Count; i++)
                {
                    var member = (key, Latin1(group.Members[i].Span));
                    if (_members.TryGetValue(member, out var total))
                    {
                        _members[member] = total + group.Hits[i];
                    }
                    else if (!capped || created < counter.MaxMembersPerDay)
                    {
                        _members[member] = group.Hits[i];
                        created++;
                    }
                    else
                    {
                        overflow += group.Hits[i];
                    }
                }

                if (capped)
                {
                    _created[key] = created;
                }

                if (overflow > 0)
                {
                    var other = (key, Latin1(CounterKey.Overflow));
                    _members[other] = _members.GetValueOrDefault(other) + overflow;
                }

                break;
        }
    }

    // Latin-1 keeps every byte of a key as one char, so distinct keys stay distinct strings; the prefix comes first, as
    // StackExchange.Redis puts it in front of every key it sends.
    private string Latin1(byte[] key) => _keyPrefix + Encoding.Latin1.GetString(key);

    private static string Latin1(ReadOnlySpan<byte> member) => Encoding.Latin1.GetString(member);
}
