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

    public CounterDefinition(byte id, string name, RedisOperation operation, KeyTemplate key, TimeSpan ttl, int maxMembersPerDay)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMembersPerDay, 1);
        Id = id;
        Name = name;
        Operation = operation;
        Key = key;
        Ttl = ttl;
        MaxMembersPerDay = maxMembersPerDay;
    }

    /// <summary>The first byte of its structured keys.</summary>
    public byte Id { get; }

    public string Name { get; }

    public RedisOperation Operation { get; }

    /// <summary>How a member's Redis key is named: the member is the template's <c>{path}</c>.</summary>
    public KeyTemplate Key { get; }

    /// <summary>Expiry of a new key, from its first hit; never extended.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>Distinct members a day (and host) may create in Redis; further new ones count under <see cref="OverflowKey"/>.</summary>
    public int MaxMembersPerDay { get; }

    /// <summary>The Redis key of one member.</summary>
    public byte[] RedisKey(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host, ReadOnlySpan<byte> member)
    {
        var key = new byte[Key.MaxKeyLength(Math.Max(member.Length, host.Length))];
        return key[..Key.Render(date, host, member, key)];
    }

    /// <summary>The key every hit past the cap counts under: the key template with the member <c>(other)</c>.</summary>
    public byte[] OverflowKey(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host) => RedisKey(date, host, CounterKey.Overflow);

    /// <summary>LogPipe's own count of the keys created for a day (and host): the key template with an empty member, prefixed.</summary>
    public byte[] CapKey(ReadOnlySpan<byte> date, ReadOnlySpan<byte> host) => [.. Encoding.ASCII.GetBytes(CapKeyPrefix), .. RedisKey(date, host, default)];
}
