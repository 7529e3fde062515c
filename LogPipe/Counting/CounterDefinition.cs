using System.Buffers;
using System.Text;

namespace LogPipe.Counting;

/// <summary>
/// One kind of counter: what it aggregates on (the member of its <see cref="CounterKey"/>), the Redis operation it
/// becomes and how its keys are named and expire. The page counter keeps a key per member (<see cref="RedisKey"/>,
/// capped with <see cref="CapKey"/> and <see cref="OverflowKey"/>); a report keeps one key a day (<see cref="ReportKey"/>)
/// whose fields or members are the members. The reader writes structured keys for them; the flush renders the keys.
/// </summary>
internal sealed class CounterDefinition
{
    /// <summary>The id of the page-view counter, <c>hits:{date}:{path}</c>.</summary>
    public const byte PageViewsId = 1;

    /// <summary>Where LogPipe keeps, per day (and host), how many keys a capped counter has created in Redis.</summary>
    public const string CapKeyPrefix = KeyTemplate.ReservedPrefix + "created:";

    private static readonly byte[] s_capKeyPrefix = Encoding.ASCII.GetBytes(CapKeyPrefix);

    // A day ends, in the last time zone to end it (UTC-12:00), at noon UTC of the next day.
    private static readonly TimeSpan s_lastEndOfDay = TimeSpan.FromHours(36);

    public CounterDefinition(byte id, RedisOperation operation, KeyTemplate key, TimeSpan ttl, int maxMembersPerDay, int keepDays = 0)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMembersPerDay, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(keepDays);
        Id = id;
        Operation = operation;
        Key = key;
        Ttl = ttl;
        MaxMembersPerDay = maxMembersPerDay;
        KeepDays = keepDays;
    }

    /// <summary>The first byte of its structured keys.</summary>
    public byte Id { get; }

    /// <summary>What the store makes of its counts: the kind of group it sends them in.</summary>
    public RedisOperation Operation { get; }

    /// <summary>How a member's Redis key is named: the member is the template's <c>{path}</c>.</summary>
    public KeyTemplate Key { get; }

    /// <summary>Expiry of a new key of the page counter, from its first hit; never extended.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>Days a report's key is kept after its day has ended everywhere (<see cref="ExpireAt"/>); 0 for the page counter.</summary>
    public int KeepDays { get; }

    /// <summary>The counters this one's counts also go to at flush time (<see cref="CounterMirror"/>).</summary>
    public IReadOnlyList<CounterMirror> Mirrors { get; init; } = [];

    /// <summary>True for the page counter, whose hits are the page views LogPipe's figures (hits flushed, lost) count.</summary>
    public bool CountsHits => Id == PageViewsId;

    /// <summary>Distinct members a day (and host) may create in Redis; further new ones count under <see cref="OverflowKey"/>.</summary>
    public int MaxMembersPerDay { get; }

    /// <summary>
    /// The page-view counter: <paramref name="key"/> per day and path, capped per day, expiring <paramref name="ttl"/> after
    /// its first hit; its counts also go to <paramref name="mirrors"/> at flush time.
    /// </summary>
    public static CounterDefinition PageViews(KeyTemplate key, TimeSpan ttl, int maxPagesPerDay, IReadOnlyList<CounterMirror>? mirrors = null) =>
        new(PageViewsId, RedisOperation.CappedIncrement, key, ttl, maxPagesPerDay) { Mirrors = mirrors ?? [] };

    /// <summary>A report of one key a day: <paramref name="name"/><c>:{date}</c>, per host when <paramref name="perHost"/>.</summary>
    public static CounterDefinition Report(byte id, string name, RedisOperation operation, bool perHost, int keepDays, int maxMembersPerDay) =>
        new(id, operation, KeyTemplate.ForReport(name, perHost), TimeSpan.Zero, maxMembersPerDay, keepDays);

    /// <summary>
    /// When a report's key of <paramref name="date"/> (yyyy-MM-dd) expires, in Unix seconds: <see cref="KeepDays"/> after
    /// the day has ended in every time zone. The same for every batch of the day, so setting it again changes nothing.
    /// </summary>
    public long ExpireAt(ReadOnlySpan<byte> date)
    {
        var day = DateOnly.ParseExact(Encoding.ASCII.GetString(date), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var end = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + s_lastEndOfDay + TimeSpan.FromDays(KeepDays);
        return end.ToUnixTimeSeconds();
    }

    /// <summary>The one key a report keeps for a day (and host).</summary>
    public byte[] ReportKey(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host) => Render([], date, host, default);

    /// <summary>The Redis key of one member.</summary>
    public byte[] RedisKey(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> member) => Render([], date, host, member);

    /// <summary>The key every hit past the cap counts under: the key template with the member <c>(other)</c>.</summary>
    public byte[] OverflowKey(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host) => Render([], date, host, CounterKey.Overflow);

    /// <summary>LogPipe's own count of the keys created for a day (and host): the key template with an empty member, prefixed.</summary>
    public byte[] CapKey(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host) => Render(s_capKeyPrefix, date, host, default);

    // Into a rented buffer of the largest size the template can render, then one array of the key's own length.
    private byte[] Render(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> member)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(prefix.Length + Key.MaxKeyLength(Math.Max(member.Length, host.Length)));
        try
        {
            prefix.CopyTo(buffer);
            var length = prefix.Length + Key.Render(date, host, member, buffer.AsSpan(prefix.Length));
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

}
