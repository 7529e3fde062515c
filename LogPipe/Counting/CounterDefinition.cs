using System.Buffers;
using System.Text;

namespace LogPipe.Counting;

/// <summary>
/// One kind of counter: which lines it counts, what it aggregates on (the member of its <see cref="CounterKey"/>), the
/// Redis operation it becomes and how its keys are named and expire. The reader writes structured keys for it; the
/// flush renders them with <see cref="RedisKey"/>, <see cref="CapKey"/> and <see cref="OverflowKey"/>.
/// </summary>
internal sealed class CounterDefinition
{
    /// <summary>The id of the page-view counter, <c>hits:{date}:{path}</c>.</summary>
    public const byte PageViewsId = 1;

    /// <summary>Where LogPipe keeps, per day (and host), how many keys a capped counter has created in Redis.</summary>
    public const string CapKeyPrefix = KeyTemplate.ReservedPrefix + "created:";

    private static readonly byte[] s_capKeyPrefix = Encoding.ASCII.GetBytes(CapKeyPrefix);

    public CounterDefinition(byte id, RedisOperation operation, KeyTemplate key, TimeSpan ttl, int maxMembersPerDay)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMembersPerDay, 1);
        Id = id;
        Operation = operation;
        Key = key;
        Ttl = ttl;
        MaxMembersPerDay = maxMembersPerDay;
    }

    /// <summary>The first byte of its structured keys.</summary>
    public byte Id { get; }

    /// <summary>What the store makes of its counts: the kind of group it sends them in.</summary>
    public RedisOperation Operation { get; }

    /// <summary>How a member's Redis key is named: the member is the template's <c>{path}</c>.</summary>
    public KeyTemplate Key { get; }

    /// <summary>Expiry of a new key, from its first hit; never extended.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>Distinct members a day (and host) may create in Redis; further new ones count under <see cref="OverflowKey"/>.</summary>
    public int MaxMembersPerDay { get; }

    /// <summary>The page-view counter: <paramref name="key"/> per day and path, capped per day, expiring <paramref name="ttl"/> after its first hit.</summary>
    public static CounterDefinition PageViews(KeyTemplate key, TimeSpan ttl, int maxPagesPerDay) =>
        new(PageViewsId, RedisOperation.CappedIncrement, key, ttl, maxPagesPerDay);

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
