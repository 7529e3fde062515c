namespace LogPipe.Counting;

/// <summary>One key of a <see cref="CountTable"/> and its count, the key still in the table's bytes.</summary>
internal readonly ref struct CountedKey
{
    public CountedKey(ReadOnlySpan<byte> key, long count)
    {
        Key = key;
        Count = count;
    }

    public ReadOnlySpan<byte> Key { get; }

    public long Count { get; }

    public void Deconstruct(out ReadOnlySpan<byte> key, out long count)
    {
        key = Key;
        count = Count;
    }
}
