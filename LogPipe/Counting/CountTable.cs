using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace LogPipe.Counting;

/// <summary>
/// Hits per Redis key, probed with spans. Counting a key already present allocates nothing, and neither does adding one:
/// key bytes are appended to one arena and slots refer to them, so a lookup reads one slot and one key, with no
/// per-key object, no comparer call through an interface, and only a hash match leading to a byte comparison.
/// Open addressing with linear probing over a power-of-two slot array, at most half full.
/// </summary>
internal sealed class CountTable
{
    private const int InitialSlots = 1024;
    private const int InitialArenaBytes = 64 * 1024;

    private Slot[] _slots = new Slot[InitialSlots];
    private int _shift = 64 - BitOperations.Log2(InitialSlots);
    private byte[] _arena = new byte[InitialArenaBytes];
    private int _arenaUsed;
    private int _count;

    public int Count => _count;

    /// <summary>Bytes of all keys held (each key once).</summary>
    public long KeyBytes => _arenaUsed;

    /// <summary>Slots allocated; the table grows when more than half are used.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Bytes allocated for keys.</summary>
    public int KeyCapacity => _arena.Length;

    /// <summary>Bytes the table's arrays take: its slots and its keys.</summary>
    public long AllocatedBytes => ((long)_slots.Length * Unsafe.SizeOf<Slot>()) + _arena.Length;

    /// <summary>
    /// True when the table holds far more memory than <paramref name="keys"/> keys of <paramref name="keyBytes"/> bytes
    /// in all need: more slots than any table grown for them would have (it doubles at half full, so at most 4 a key),
    /// or four times their bytes. Clearing keeps the memory, so such a table is better dropped than reused.
    /// </summary>
    public bool IsOversizedFor(int keys, long keyBytes) =>
        _slots.Length > Math.Max(InitialSlots, 4L * keys) || _arena.Length > Math.Max(InitialArenaBytes, 4L * keyBytes);

    public long this[ReadOnlySpan<byte> key]
    {
        get
        {
            var index = Find(key, HashOf(key));
            return index < 0 ? 0 : _slots[index].Count;
        }
    }

    /// <summary>The hash the table files <paramref name="key"/> under, for the overloads that take one.</summary>
    public static ulong HashOf(ReadOnlySpan<byte> key)
    {
        var (material, seed) = KeyHash.Secret;
        return HashOf(key, material, seed);
    }

    /// <summary><see cref="HashOf(ReadOnlySpan{byte})"/> with <see cref="KeyHash.Secret"/> passed in. Never 0: 0 marks an empty slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong HashOf(ReadOnlySpan<byte> key, uint[] material, long seed) => KeyHash.Of(key, material, seed) | 1;

    public bool Contains(ReadOnlySpan<byte> key) => Contains(key, HashOf(key));

    /// <param name="key">The key.</param>
    /// <param name="hash">The key's <see cref="HashOf(ReadOnlySpan{byte})"/>.</param>
    public bool Contains(ReadOnlySpan<byte> key, ulong hash) => Find(key, hash) >= 0;

    /// <summary>Adds <paramref name="hits"/> to an existing key and returns true; returns false when the key is absent.</summary>
    public bool TryIncrementExisting(ReadOnlySpan<byte> key, long hits) => TryIncrementExisting(key, HashOf(key), hits);

    /// <inheritdoc cref="TryIncrementExisting(ReadOnlySpan{byte}, long)"/>
    /// <param name="key">The key.</param>
    /// <param name="hash">The key's <see cref="HashOf(ReadOnlySpan{byte})"/>.</param>
    /// <param name="hits">Hits to add.</param>
    public bool TryIncrementExisting(ReadOnlySpan<byte> key, ulong hash, long hits)
    {
        var index = Find(key, hash);
        if (index < 0)
        {
            return false;
        }

        _slots[index].Count += hits;
        return true;
    }

    /// <summary>Adds <paramref name="hits"/> to the key, creating it when absent.</summary>
    public void Increment(ReadOnlySpan<byte> key, long hits) => Increment(key, HashOf(key), hits);

    /// <inheritdoc cref="Increment(ReadOnlySpan{byte}, long)"/>
    /// <param name="key">The key.</param>
    /// <param name="hash">The key's <see cref="HashOf(ReadOnlySpan{byte})"/>.</param>
    /// <param name="hits">Hits to add.</param>
    public void Increment(ReadOnlySpan<byte> key, ulong hash, long hits)
    {
        var index = Find(key, hash);
        if (index < 0)
        {
            index = Insert(key, hash);
        }

        _slots[index].Count += hits;
    }

    /// <summary>Starts loading the slot where a lookup of <paramref name="hash"/> begins; a hint, nothing more.</summary>
    public unsafe void PrefetchSlot(ulong hash)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[(int)(hash >> _shift)]));
        }
    }

    /// <summary>
    /// Starts loading the key bytes a lookup of <paramref name="hash"/> will compare, when its first slot (best fetched
    /// earlier with <see cref="PrefetchSlot"/>) holds that hash; a hint, nothing more.
    /// </summary>
    public unsafe void PrefetchKey(ulong hash)
    {
        ref readonly var slot = ref _slots[(int)(hash >> _shift)];
        if (Sse.IsSupported && slot.Hash == hash)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _arena[slot.KeyOffset]));
        }
    }

    /// <summary>Forgets every key, keeping the memory for the next round.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _arenaUsed = 0;
        _count = 0;
    }

    /// <summary>Every key with its count. Each key is copied out into a new array, which the caller keeps.</summary>
    public Enumerator GetEnumerator() => new(this);

    // The slot of the key, or -1. Probing stops at the first empty slot (Hash 0: stored hashes have their low bit set).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ReadOnlySpan<byte> key, ulong hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var index = (int)(hash >> _shift);
        while (true)
        {
            ref var slot = ref slots[index];
            if (slot.Hash == hash && ShortBytes.Equal(_arena.AsSpan(slot.KeyOffset, slot.KeyLength), key))
            {
                return index;
            }

            if (slot.Hash == 0)
            {
                return -1;
            }

            index = (index + 1) & mask;
        }
    }

    private int Insert(ReadOnlySpan<byte> key, ulong hash)
    {
        if (_count + 1 > _slots.Length / 2)
        {
            Grow();
        }

        if (key.Length > _arena.Length - _arenaUsed)
        {
            var size = Math.Max(_arenaUsed + (long)key.Length, Math.Min(2L * _arena.Length, Array.MaxLength));
            Array.Resize(ref _arena, (int)Math.Min(size, Array.MaxLength));
        }

        key.CopyTo(_arena.AsSpan(_arenaUsed));
        var index = EmptySlotFor(_slots, hash, _shift);
        _slots[index] = new Slot { Hash = hash, KeyOffset = _arenaUsed, KeyLength = key.Length };
        _arenaUsed += key.Length;
        _count++;
        return index;
    }

    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        var shift = _shift - 1;
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            if (slot.Hash != 0)
            {
                slots[EmptySlotFor(slots, slot.Hash, shift)] = slot;
            }
        }

        _slots = slots;
        _shift = shift;
    }

    private static int EmptySlotFor(Slot[] slots, ulong hash, int shift)
    {
        var mask = slots.Length - 1;
        var index = (int)(hash >> shift);
        while (slots[index].Hash != 0)
        {
            index = (index + 1) & mask;
        }

        return index;
    }

    private struct Slot
    {
        public ulong Hash;
        public long Count;
        public int KeyOffset;
        public int KeyLength;
    }

    public struct Enumerator
    {
        private readonly CountTable _table;
        private int _index;

        internal Enumerator(CountTable table)
        {
            _table = table;
            _index = -1;
        }

        /// <summary>The key as a span over the table's own bytes, valid until the table changes: copying is the caller's choice.</summary>
        public readonly CountedKey Current
        {
            get
            {
                ref readonly var slot = ref _table._slots[_index];
                return new(_table._arena, slot.KeyOffset, slot.KeyLength, slot.Count);
            }
        }

        public bool MoveNext()
        {
            var slots = _table._slots;
            while (++_index < slots.Length)
            {
                if (slots[_index].Hash != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
