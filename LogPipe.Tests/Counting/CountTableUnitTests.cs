using LogPipe.Counting;

namespace LogPipe.Tests.Counting;

public sealed class CountTableUnitTests
{
    [Fact]
    public void Keys_with_the_same_bytes_are_one_key()
    {
        var table = new CountTable();

        table.Increment(new byte[] { 0x2F, 0x61 }, 1);
        table.Increment(new byte[] { 0x2F, 0x61 }, 2);

        Assert.Equal(1, table.Count);
        Assert.Equal(3, table["/a"u8]);
    }

    [Fact]
    public void Different_bytes_are_different_keys()
    {
        var table = new CountTable();

        table.Increment("/a"u8, 1);
        table.Increment("/A"u8, 1);
        table.Increment("/a/"u8, 1);

        Assert.Equal(3, table.Count);
    }

    [Fact]
    public void Keys_that_share_a_hash_are_told_apart_by_every_byte()
    {
        // Every length around the 16-byte blocks of the comparison, and a difference at every position.
        const ulong SharedHash = 0x8000_0000_0000_0001;
        for (var length = 1; length <= 50; length++)
        {
            var key = new byte[length];
            Array.Fill(key, (byte)'k');
            for (var position = 0; position < length; position++)
            {
                var table = new CountTable();
                var other = (byte[])key.Clone();
                other[position] = (byte)'x';

                table.Increment(key, SharedHash, 1);
                table.Increment(other, SharedHash, 2);
                table.Increment(key, SharedHash, 4);

                Assert.Equal(2, table.Count);
                Assert.True(table.TryIncrementExisting(other, SharedHash, 0));
                Assert.False(table.TryIncrementExisting(key.AsSpan(0, length - 1), SharedHash, 0));
            }
        }
    }

    [Fact]
    public void Span_lookup_finds_a_key_added_as_an_array()
    {
        var table = new CountTable();
        table.Increment("hits:2026-11-29:/a"u8.ToArray(), 5);
        Span<byte> probe = stackalloc byte[18];
        "hits:2026-11-29:/a"u8.CopyTo(probe);

        Assert.True(table.Contains(probe));
        Assert.Equal(5, table[probe]);
        Assert.False(table.Contains("hits:2026-11-29:/b"u8));
        Assert.Equal(0, table["hits:2026-11-29:/b"u8]);
    }

    [Fact]
    public void Try_increment_existing_is_false_for_an_absent_key_and_adds_nothing()
    {
        var table = new CountTable();
        table.Increment("/a"u8, 1);

        Assert.False(table.TryIncrementExisting("/b"u8, 1));

        Assert.Equal(1, table.Count);
        Assert.False(table.Contains("/b"u8));
    }

    [Fact]
    public void Try_increment_existing_adds_to_a_present_key()
    {
        var table = new CountTable();
        table.Increment("/a"u8, 1);

        Assert.True(table.TryIncrementExisting("/a"u8, 41));

        Assert.Equal(42, table["/a"u8]);
    }

    [Fact]
    public void Enumeration_gives_every_key_with_its_count()
    {
        var table = new CountTable();
        table.Increment("/a"u8, 2);
        table.Increment("/b"u8, 3);

        var pairs = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in table)
        {
            pairs.Add(System.Text.Encoding.ASCII.GetString(key), count);
        }

        Assert.Equal(new SortedDictionary<string, long>(StringComparer.Ordinal) { ["/a"] = 2, ["/b"] = 3 }, pairs);
    }

    [Fact]
    public void A_table_grown_for_many_keys_is_oversized_for_few_but_not_for_as_many()
    {
        var table = new CountTable();
        for (var i = 0; i < 10_000; i++)
        {
            table.Increment(System.Text.Encoding.ASCII.GetBytes($"/page/{i}"), 1);
        }

        Assert.False(table.IsOversizedFor(table.Count, table.KeyBytes));
        Assert.True(table.IsOversizedFor(10, 100));
        Assert.False(new CountTable().IsOversizedFor(0, 0));
    }

    [Fact]
    public void Clear_empties_the_table()
    {
        var table = new CountTable();
        table.Increment("/a"u8, 2);

        table.Clear();

        Assert.Equal(0, table.Count);
        Assert.False(table.Contains("/a"u8));
    }

    [Fact]
    public void Incrementing_an_existing_key_allocates_nothing()
    {
        const int Increments = 10_000;
        var table = new CountTable();
        table.Increment("hits:2026-11-29:/articles/42"u8, 1);
        table.Increment("hits:2026-11-29:/"u8, 1);
        Span<byte> key = stackalloc byte[5];
        "hits:"u8.CopyTo(key);
        table.Increment(key, 1);

        // Warmed up as long as measured, so that the runtime's tiering of the loop happens before the measurement.
        IncrementBoth(table, key, Increments);
        var before = GC.GetAllocatedBytesForCurrentThread();
        IncrementBoth(table, key, Increments);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal((2 * Increments) + 1, table["hits:2026-11-29:/articles/42"u8]);
        Assert.Equal((2 * Increments) + 1, table["hits:"u8]);
    }

    private static void IncrementBoth(CountTable table, ReadOnlySpan<byte> key, int times)
    {
        for (var i = 0; i < times; i++)
        {
            table.Increment("hits:2026-11-29:/articles/42"u8, 1);
            table.TryIncrementExisting(key, 1);
        }
    }
}
