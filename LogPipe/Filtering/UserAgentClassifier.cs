using System.Numerics;
using System.Runtime.CompilerServices;
using LogPipe.Counting;

namespace LogPipe.Filtering;

/// <summary>
/// The per-line entry point of crawler detection: is this line's user agent a crawler or a tool, and which. A log holds
/// few distinct user agents, each on many lines, so the answer is cached per user agent: a hit costs one hash of the
/// bytes and one compare with the bytes stored, and allocates nothing. The cache is a fixed table of two-way sets, each
/// keeping its two most recently used user agents; the bytes are compared on every hit, so two user agents with one
/// hash can never share an answer. Not thread-safe: one per reader.
/// </summary>
internal sealed class UserAgentClassifier
{
    /// <summary>Returned by <see cref="Classify"/> for a user agent that is neither a crawler nor a tool.</summary>
    public const int NotACrawler = CrawlerMatcher.NoMatch;

    /// <summary>Room for this many user agents: a busy site's day has a few thousand that recur.</summary>
    public const int DefaultCapacity = 4096;

    /// <summary>
    /// Longest user agent cached. Real ones are 100 to 300 bytes; longer ones are rare or made up, and each is matched on
    /// its own rather than let evict real ones. It also bounds the cache's memory: capacity × this many bytes.
    /// </summary>
    public const int MaxCachedLength = 512;

    // A stored user agent's buffer grows in steps of this many bytes, so a slot's buffer usually fits its next user agent.
    private const int BufferStep = 64;

    private readonly CrawlerMatcher _matcher;
    private readonly IReadOnlyList<string> _names;
    private readonly Slot[] _slots;
    private readonly int _setMask;
    private readonly uint[] _hashMaterial;
    private readonly long _hashSeed;
    private int _cachedEntries;

    /// <param name="list">What counts as a crawler; <see cref="CreateDefault"/> takes the embedded list.</param>
    /// <param name="capacity">Most user agents cached; rounded up to a power of two, at least 2.</param>
    /// <remarks>The hash takes this process's random key material, as the count table's: crafted user agents cannot aim at one set.</remarks>
    public UserAgentClassifier(CrawlerList list, int capacity = DefaultCapacity)
        : this(list, capacity, KeyHash.Secret.Material, KeyHash.Secret.Seed)
    {
    }

    /// <summary>With the hash's key material given, so that a test can make two user agents share a hash.</summary>
    internal UserAgentClassifier(CrawlerList list, int capacity, uint[] hashMaterial, long hashSeed)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 24);
        ArgumentNullException.ThrowIfNull(hashMaterial);
        ArgumentOutOfRangeException.ThrowIfLessThan(hashMaterial.Length, KeyHash.NhKeyBytes / sizeof(uint), nameof(hashMaterial));
        _matcher = new CrawlerMatcher(list);
        _names = list.Names;
        _slots = new Slot[Math.Max(2, (int)BitOperations.RoundUpToPowerOf2((uint)capacity))];
        _setMask = (_slots.Length / 2) - 1;
        _hashMaterial = hashMaterial;
        _hashSeed = hashSeed;
    }

    /// <summary>Most user agents the cache holds.</summary>
    public int Capacity => _slots.Length;

    /// <summary>User agents the cache holds now; never more than <see cref="Capacity"/>.</summary>
    public int CachedEntries => _cachedEntries;

    /// <summary>Every name <see cref="Classify"/> can report, by id.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>A classifier for the embedded crawler-user-agents list, the generic words and the tools.</summary>
    public static UserAgentClassifier CreateDefault(int capacity = DefaultCapacity) => new(CrawlerList.Default, capacity);

    /// <summary>The name of the entry an id from <see cref="Classify"/> stands for, e.g. <c>Googlebot\/</c>, <c>bot</c>, <c>curl</c>.</summary>
    public string NameOf(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, _names.Count);
        return _names[id];
    }

    /// <summary>
    /// <see cref="NotACrawler"/>, or the id of what <paramref name="userAgent"/> (as logged, without quotes) matched:
    /// an entry of the list before a generic word or tool, and <see cref="CrawlerList.NoUserAgentId"/> for none at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Classify(ReadOnlySpan<byte> userAgent)
    {
        if (userAgent.Length > MaxCachedLength || CrawlerMatcher.IsMissing(userAgent))
        {
            return _matcher.Match(userAgent);
        }

        var hash = KeyHash.Of(userAgent, _hashMaterial, _hashSeed);
        var set = ((int)hash & _setMask) * 2;
        var slots = _slots;
        ref var recent = ref slots[set];
        if (recent.Hash == hash && userAgent.SequenceEqual(recent.Stored))
        {
            return recent.Id;
        }

        ref var older = ref slots[set + 1];
        if (older.Hash == hash && userAgent.SequenceEqual(older.Stored))
        {
            // Now the more recent of the two: the next miss in this set evicts the other.
            (recent, older) = (older, recent);
            return recent.Id;
        }

        return Miss(userAgent, hash, ref recent, ref older);
    }

    // The older user agent of the set goes, its buffer is reused for the new one, which becomes the more recent.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Miss(ReadOnlySpan<byte> userAgent, ulong hash, ref Slot recent, ref Slot older)
    {
        var id = _matcher.Match(userAgent);
        if (older.Buffer is null)
        {
            _cachedEntries++;
        }

        var buffer = older.Buffer;
        if (buffer is null || buffer.Length < userAgent.Length)
        {
            buffer = new byte[Math.Min(MaxCachedLength, (userAgent.Length + BufferStep - 1) / BufferStep * BufferStep)];
        }

        userAgent.CopyTo(buffer);
        older = recent;
        recent = new Slot(hash, buffer, userAgent.Length, id);
        return id;
    }

    // A slot is empty while Buffer is null; Length is then 0, and no user agent that reaches the cache is empty.
    private readonly record struct Slot(ulong Hash, byte[]? Buffer, int Length, int Id)
    {
        public ReadOnlySpan<byte> Stored => new(Buffer, 0, Length);
    }
}
