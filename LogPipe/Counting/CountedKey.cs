namespace LogPipe.Counting;

/// <summary>One key of a <see cref="CountTable"/> and its count, the key still in the table's bytes.</summary>
internal readonly ref struct CountedKey
{
    private readonly byte[] _arena;
    private readonly int _offset;
    private readonly int _length;

    public CountedKey(byte[] arena, int offset, int length, long count)
    {
        _arena = arena;
        _offset = offset;
        _length = length;
        Count = count;
    }

    public ReadOnlySpan<byte> Key => new(_arena, _offset, _length);

    /// <summary>
    /// The key's bytes where the table holds them: valid, and unchanged, for as long as the table is not counted into
    /// again or cleared, as a table in flight is not until its flush is complete.
    /// </summary>
    public ReadOnlyMemory<byte> KeyMemory => new(_arena, _offset, _length);

    public long Count { get; }

    public void Deconstruct(out ReadOnlySpan<byte> key, out long count)
    {
        key = Key;
        count = Count;
    }
}
