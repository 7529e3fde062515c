using LogPipe.Counting;

namespace LogPipe.Storage;

/// <summary>
/// The counts of one batch that share a counter, a day and a host, and so a per-day cap and an overflow key: the
/// members with their hits, and the hits already counted under the overflow key.
/// </summary>
internal sealed class CounterGroup
{
    private readonly List<ReadOnlyMemory<byte>> _members = [];
    private readonly List<long> _hits = [];

    private readonly CounterGroup[] _mirrors;

    public CounterGroup(CounterDefinition counter, byte[] date, byte[] host)
        : this(counter, date, host, followsSource: false)
    {
    }

    private CounterGroup(CounterDefinition counter, byte[] date, byte[] host, bool followsSource)
    {
        ArgumentNullException.ThrowIfNull(counter);
        Counter = counter;
        Date = date;
        Host = host;
        FollowsSource = followsSource;
        _mirrors = [.. counter.Mirrors.Select(mirror => new CounterGroup(mirror.Counter, date, host, followsSource: !mirror.TotalOnly))];
        MemberMirrors = counter.Mirrors.Count(mirror => !mirror.TotalOnly);
    }

    /// <summary>The mirrors that take each member, and so a member (or field) of their own per member added here.</summary>
    public int MemberMirrors { get; }

    /// <summary>
    /// True for a mirror of each member of the group sent just before it (the pages report of the page counter): its
    /// members are that group's, in its order, and Redis adds each one exactly when it kept the member's key.
    /// </summary>
    public bool FollowsSource { get; }

    /// <summary>The groups of the counters that take this one's counts (<see cref="CounterDefinition.Mirrors"/>), sent in the same batch.</summary>
    public IReadOnlyList<CounterGroup> Mirrors => _mirrors;

    public CounterDefinition Counter { get; }

    public byte[] Date { get; }

    public byte[] Host { get; }

    /// <summary>The members, in the bytes of the table in flight: it is not changed until every batch cut from it is done.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Members => _members;

    public IReadOnlyList<long> Hits => _hits;

    /// <summary>Hits for the overflow key itself: they never count against the cap.</summary>
    public long OverflowHits { get; private set; }

    /// <summary>Members plus the overflow key, if it has hits: the Redis keys (or a report's members) the group may update.</summary>
    public int KeyCount => Counter.Operation == RedisOperation.Increment ? 1 : _members.Count + (OverflowHits > 0 ? 1 : 0);

    public long TotalHits { get; private set; }

    /// <summary>Bytes of the members held: what rendering the group's keys costs, about.</summary>
    public long MemberBytes { get; private set; }

    public void Add(ReadOnlyMemory<byte> member, long hits)
    {
        for (var i = 0; i < _mirrors.Length; i++)
        {
            if (Counter.Mirrors[i].TotalOnly)
            {
                _mirrors[i].TotalHits += hits;
            }
            else
            {
                _mirrors[i].Add(member, hits);
            }
        }

        if (member.Span.SequenceEqual(CounterKey.Overflow))
        {
            OverflowHits += hits;
        }
        else
        {
            _members.Add(member);
            _hits.Add(hits);
            MemberBytes += member.Length;
        }

        TotalHits += hits;
    }
}
