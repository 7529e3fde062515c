using System.Runtime.InteropServices;

namespace LogPipe.Counting;

/// <summary>Hits per Redis key, keyed by the key's bytes and probed with spans: counting a key already present allocates nothing.</summary>
internal sealed class CountTable
{
    private readonly Dictionary<byte[], long> _counts = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], long>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public CountTable()
    {
        _lookup = _counts.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _counts.Count;

    public long this[ReadOnlySpan<byte> key] => _lookup.TryGetValue(key, out var count) ? count : 0;

    public bool Contains(ReadOnlySpan<byte> key) => _lookup.ContainsKey(key);

    /// <summary>Adds <paramref name="hits"/> to an existing key and returns true; returns false when the key is absent.</summary>
    public bool TryIncrementExisting(ReadOnlySpan<byte> key, long hits)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(_lookup, key);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count))
        {
            return false;
        }

        count += hits;
        return true;
    }

    /// <summary>Adds <paramref name="hits"/> to the key, creating it (one allocation) when absent.</summary>
    public void Increment(ReadOnlySpan<byte> key, long hits)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(_lookup, key, out _) += hits;
    }

    public void Clear() => _counts.Clear();

    public Dictionary<byte[], long>.Enumerator GetEnumerator() => _counts.GetEnumerator();
}
