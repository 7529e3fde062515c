using System.Runtime.CompilerServices;

namespace LogPipe.Counting;

/// <summary>
/// The keys of one read chunk, rendered one after another with their hashes, for <see cref="HitAggregator.AddAll"/>.
/// Counting a chunk's keys in one loop lets the table fetch the slots of keys a few places ahead, so that the cache
/// misses of a chunk overlap instead of each line waiting for its own.
/// </summary>
internal sealed class KeyBatch
{
    // A read chunk of 1 MiB holds about 4,500 lines of 230 bytes; a full batch is counted early, so any size works.
    private const int MaxKeys = 16384;
    private const int MinimumBytes = 512 * 1024;

    private readonly byte[] _bytes;
    private readonly Entry[] _entries = new Entry[MaxKeys];
    private readonly uint[] _hashMaterial;
    private readonly long _hashSeed;
    private readonly int _keysPerLine;
    private int _used;
    private int _count;

    /// <param name="maxKeyLength">The longest key that will be rendered into <see cref="NextKey"/>.</param>
    /// <param name="keysPerLine">Most keys a line writes: <see cref="IsFull"/> leaves room for as many.</param>
    public KeyBatch(int maxKeyLength, int keysPerLine = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeyLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(keysPerLine, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keysPerLine, MaxKeys);
        MaxKeyLength = maxKeyLength;
        _keysPerLine = keysPerLine;
        _bytes = new byte[(int)Math.Min(Math.Max(MinimumBytes, 2L * keysPerLine * maxKeyLength), Array.MaxLength)];
        (_hashMaterial, _hashSeed) = KeyHash.Secret;
    }

    public int MaxKeyLength { get; }

    public int Count => _count;

    /// <summary>True when the next line's keys might not fit: count the batch and <see cref="Clear"/> it first.</summary>
    public bool IsFull
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _count > _entries.Length - _keysPerLine || _bytes.Length - _used < _keysPerLine * MaxKeyLength;
    }

    /// <summary>Where the next key is rendered: <see cref="MaxKeyLength"/> bytes or more, unless <see cref="IsFull"/>.</summary>
    public Span<byte> NextKey => _bytes.AsSpan(_used);

    /// <summary>Appends the <paramref name="length"/> bytes just rendered into <see cref="NextKey"/>, to be counted once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Commit(int length) => Commit(length, 1);

    /// <summary>Appends the <paramref name="length"/> bytes just rendered into <see cref="NextKey"/>, to be counted <paramref name="count"/> times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Commit(int length, long count)
    {
        var key = _bytes.AsSpan(_used, length);
        _entries[_count++] = new Entry(_used, length, CountTable.HashOf(key, _hashMaterial, _hashSeed), count);
        _used += length;
    }

    /// <summary>True when one more key of at most <see cref="MaxKeyLength"/> bytes fits.</summary>
    public bool HasRoomForOne => _count < _entries.Length && _bytes.Length - _used >= MaxKeyLength;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> KeyAt(int index)
    {
        ref readonly var entry = ref _entries[index];
        return _bytes.AsSpan(entry.Offset, entry.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong HashAt(int index) => _entries[index].Hash;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long CountAt(int index) => _entries[index].Count;

    public void Clear()
    {
        _used = 0;
        _count = 0;
    }

    private readonly record struct Entry(int Offset, int Length, ulong Hash, long Count);
}
