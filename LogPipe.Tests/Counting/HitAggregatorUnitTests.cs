using LogPipe.Counting;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.Counting;

public sealed class HitAggregatorUnitTests
{
    // Far above what the tests add, so that the flush-soon signal never matters here.
    private const int FlushSoonKeys = 1000;

    private const string Day = "2026-11-29";

    [Fact]
    public void Add_counts_hits_per_key()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);

        Assert.True(Add(aggregator, "/a"u8));
        Assert.True(Add(aggregator, "/a"u8));
        Assert.True(Add(aggregator, "/b"u8));

        var table = aggregator.TakeForFlush()!;
        Assert.Equal(2, table.Count);
        Assert.Equal(2, table[K("/a"u8)]);
        Assert.Equal(1, table[K("/b"u8)]);
    }

    [Fact]
    public void A_key_counted_in_a_batch_and_alone_is_one_key()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);
        var batch = new KeyBatch(maxKeyLength: 400);
        foreach (var key in new[] { K("/a"u8), K(LongKey('b')) })
        {
            key.CopyTo(batch.NextKey);
            batch.Commit(key.Length);
        }

        Assert.Equal(0, aggregator.AddAll(batch));
        Assert.True(Add(aggregator, "/a"u8));
        Assert.True(Add(aggregator, LongKey('b')));

        var table = aggregator.TakeForFlush()!;
        Assert.Equal(2, table.Count);
        Assert.Equal(2, table[K("/a"u8)]);
        Assert.Equal(2, table[K(LongKey('b'))]);
    }

    [Fact]
    public void Take_for_flush_moves_the_table_out_and_starts_an_empty_one()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);
        Add(aggregator, "/a"u8);

        var inFlight = aggregator.TakeForFlush()!;
        Add(aggregator, "/b"u8);
        Add(aggregator, "/a"u8);

        Assert.Equal(1, inFlight[K("/a"u8)]);
        Assert.False(inFlight.Contains(K("/b"u8)));
        aggregator.CompleteFlush();
        var next = aggregator.TakeForFlush()!;
        Assert.NotSame(inFlight, next);
        Assert.Equal(1, next[K("/a"u8)]);
        Assert.Equal(1, next[K("/b"u8)]);
    }

    [Fact]
    public void Take_for_flush_gives_null_when_nothing_is_pending()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);

        Assert.Null(aggregator.TakeForFlush());
    }

    [Fact]
    public void Second_take_before_complete_flush_throws()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);
        Add(aggregator, "/a"u8);
        aggregator.TakeForFlush();
        Add(aggregator, "/b"u8);

        Assert.Throws<InvalidOperationException>(aggregator.TakeForFlush);
    }

    [Fact]
    public void Complete_flush_without_a_table_in_flight_throws()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);

        Assert.Throws<InvalidOperationException>(aggregator.CompleteFlush);
    }

    [Fact]
    public void New_keys_past_the_limit_count_under_the_overflow_key()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 2, FlushSoonKeys);
        Add(aggregator, "/a"u8);
        Add(aggregator, "/b"u8);

        Assert.False(Add(aggregator, "/c"u8));
        Assert.False(Add(aggregator, "/c"u8));
        Assert.False(Add(aggregator, "/d"u8));

        Assert.Equal(3, aggregator.FoldedHits);
        Assert.Equal(0, aggregator.DroppedHits);
        Assert.Equal(3, aggregator.PendingKeys);
        Assert.Equal(3, aggregator.TakeForFlush()![TestCounters.Key(Day, "(other)")]);
    }

    [Fact]
    public void New_keys_past_the_byte_limit_count_under_the_overflow_key_while_known_keys_still_count()
    {
        // Four keys allowed, so 4 x 256 bytes of keys: three 300-byte keys fit, a fourth would not.
        using var aggregator = new HitAggregator(maxPendingKeys: 4, FlushSoonKeys);
        Assert.True(Add(aggregator, LongKey('a')));
        Assert.True(Add(aggregator, LongKey('b')));
        Assert.True(Add(aggregator, LongKey('c')));

        Assert.False(Add(aggregator, LongKey('d')));
        Assert.True(Add(aggregator, LongKey('a')));

        Assert.Equal(1, aggregator.FoldedHits);
        Assert.Equal(4, aggregator.PendingKeys);
        Assert.Equal(2, aggregator.TakeForFlush()![K(LongKey('a'))]);
    }

    [Fact]
    public void Key_bytes_in_flight_count_toward_the_byte_limit()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 4, FlushSoonKeys);
        Add(aggregator, LongKey('a'));
        Add(aggregator, LongKey('b'));
        Add(aggregator, LongKey('c'));
        aggregator.TakeForFlush();

        Assert.False(Add(aggregator, LongKey('d')));
        aggregator.CompleteFlush();
        Assert.True(Add(aggregator, LongKey('d')));

        Assert.Equal(1, aggregator.FoldedHits);
    }

    [Fact]
    public void After_a_burst_of_new_keys_is_flushed_the_tables_return_to_a_small_capacity()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 1_000_000, FlushSoonKeys);
        for (var i = 0; i < 100_000; i++)
        {
            aggregator.Add(K(System.Text.Encoding.ASCII.GetBytes($"/burst/{i}")));
        }

        var burst = aggregator.TakeForFlush()!;
        Assert.True(burst.Capacity >= 200_000);
        aggregator.CompleteFlush();
        var steady = new List<CountTable>();
        for (var flush = 0; flush < 20; flush++)
        {
            Add(aggregator, "/steady"u8);
            steady.Add(aggregator.TakeForFlush()!);
            aggregator.CompleteFlush();
        }

        // The tables steady traffic alternates between, a few flushes after the burst: neither is the burst's size.
        Assert.All(steady[^2..], table => Assert.True(table.Capacity <= 1024 && table.KeyCapacity <= 64 * 1024, $"{table.Capacity} slots, {table.KeyCapacity} key bytes"));
    }

    [Fact]
    public void Active_key_is_still_counted_when_the_limit_is_reached()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 2, FlushSoonKeys);
        Add(aggregator, "/a"u8);
        Add(aggregator, "/b"u8);
        Add(aggregator, "/c"u8);

        Assert.True(Add(aggregator, "/a"u8));

        Assert.Equal(1, aggregator.FoldedHits);
        Assert.Equal(2, aggregator.TakeForFlush()![K("/a"u8)]);
    }

    [Fact]
    public void Keys_in_flight_count_toward_the_limit()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 2, FlushSoonKeys);
        Add(aggregator, "/a"u8);
        Add(aggregator, "/b"u8);
        aggregator.TakeForFlush();

        Assert.False(Add(aggregator, "/c"u8));

        Assert.Equal(1, aggregator.FoldedHits);
        Assert.Equal(3, aggregator.PendingKeys);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Key_in_flight_or_sealed_is_still_counted_when_the_limit_is_reached(bool sealedAtDayEnd)
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 2, FlushSoonKeys);
        Add(aggregator, "/a"u8);
        Add(aggregator, "/b"u8);
        if (sealedAtDayEnd)
        {
            aggregator.EndDay();
        }
        else
        {
            aggregator.TakeForFlush();
        }

        Assert.True(Add(aggregator, "/a"u8));

        Assert.Equal(0, aggregator.DroppedHits);
        Assert.Equal(3, aggregator.PendingKeys);
        if (sealedAtDayEnd)
        {
            aggregator.TakeForFlush();
        }

        aggregator.CompleteFlush();
        Assert.Equal(1, aggregator.TakeForFlush()![K("/a"u8)]);
    }

    [Fact]
    public void Complete_flush_frees_the_limit()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 2, FlushSoonKeys);
        Add(aggregator, "/a"u8);
        Add(aggregator, "/b"u8);
        aggregator.TakeForFlush();
        Assert.False(Add(aggregator, "/c"u8));

        aggregator.CompleteFlush();

        Assert.True(Add(aggregator, "/d"u8));
        Assert.False(Add(aggregator, "/e"u8));
        Assert.Equal(2, aggregator.FoldedHits);
    }

    [Fact]
    public void Pending_keys_counts_active_and_in_flight_distinct_keys()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);
        Assert.Equal(0, aggregator.PendingKeys);

        Add(aggregator, "/a"u8);
        Add(aggregator, "/a"u8);
        Add(aggregator, "/b"u8);
        Assert.Equal(2, aggregator.PendingKeys);

        aggregator.TakeForFlush();
        Add(aggregator, "/c"u8);
        Add(aggregator, "/a"u8);
        Assert.Equal(4, aggregator.PendingKeys);

        aggregator.CompleteFlush();
        Assert.Equal(2, aggregator.PendingKeys);
    }

    [Fact]
    public void Keys_of_an_ended_day_are_flushed_apart_from_the_new_days_while_a_table_is_in_flight()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);
        Add(aggregator, "/early"u8);
        aggregator.TakeForFlush();
        Add(aggregator, "/old"u8);

        aggregator.EndDay();
        Add(aggregator, "/new"u8);
        aggregator.CompleteFlush();

        AssertFlushes(aggregator, ["/old"], ["/new"]);
    }

    [Fact]
    public void Keys_of_an_ended_day_are_flushed_apart_from_the_new_days_counted_before_the_flusher_wakes()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);
        Add(aggregator, "/old"u8);

        aggregator.EndDay();
        Add(aggregator, "/new"u8);

        AssertFlushes(aggregator, ["/old"], ["/new"]);
    }

    [Fact]
    public void A_day_that_ends_before_the_sealed_one_is_taken_merges_with_the_next()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);
        Add(aggregator, "/early"u8);
        aggregator.TakeForFlush();
        Add(aggregator, "/first"u8);
        aggregator.EndDay();
        Add(aggregator, "/second"u8);

        aggregator.EndDay();
        Add(aggregator, "/third"u8);
        aggregator.CompleteFlush();

        AssertFlushes(aggregator, ["/first"], ["/second", "/third"]);
    }

    [Fact]
    public void Ending_a_day_wakes_the_flusher_at_once()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, FlushSoonKeys);
        Add(aggregator, "/a"u8);

        aggregator.EndDay();

        Assert.True(aggregator.WaitForFlushAsync(TimeSpan.FromMinutes(1), CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void Sealed_keys_count_toward_the_limits()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 4, FlushSoonKeys);
        Add(aggregator, LongKey('a'));
        Add(aggregator, LongKey('b'));
        Add(aggregator, LongKey('c'));
        aggregator.EndDay();

        Assert.False(Add(aggregator, LongKey('d')));
        Assert.False(Add(aggregator, "/f"u8));

        Assert.Equal(2, aggregator.FoldedHits);
        Assert.Equal(4, aggregator.PendingKeys);
    }

    [Fact]
    public void Reaching_flush_soon_keys_wakes_the_flusher_at_once()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, flushSoonKeys: 2);
        Add(aggregator, "/a"u8);
        Add(aggregator, "/b"u8);

        var wait = aggregator.WaitForFlushAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Fewer_keys_than_flush_soon_keys_leave_the_flusher_waiting()
    {
        using var aggregator = new HitAggregator(maxPendingKeys: 10, flushSoonKeys: 2);
        using var cancel = new CancellationTokenSource();
        Add(aggregator, "/a"u8);

        var wait = aggregator.WaitForFlushAsync(TimeSpan.FromMinutes(1), cancel.Token);

        Assert.False(wait.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    // True when the hit counted under its own key; false when it was folded into the day's overflow key (or dropped).
    private static bool Add(HitAggregator aggregator, ReadOnlySpan<byte> path)
    {
        var before = aggregator.FoldedHits + aggregator.DroppedHits;
        aggregator.Add(K(path));
        return aggregator.FoldedHits + aggregator.DroppedHits == before;
    }

    // The structured page-view key of a path, on one day.
    private static byte[] K(ReadOnlySpan<byte> path) => TestCounters.Key(Day, System.Text.Encoding.ASCII.GetString(path));

    // Takes one table per expected set of keys, in order, and then finds nothing more pending.
    private static void AssertFlushes(HitAggregator aggregator, params string[][] flushes)
    {
        foreach (var expected in flushes)
        {
            var keys = new List<string>();
            foreach (var (key, _) in aggregator.TakeForFlush()!)
            {
                keys.Add(System.Text.Encoding.ASCII.GetString(CounterKey.Member(key)));
            }

            keys.Sort(StringComparer.Ordinal);
            Assert.Equal(expected, keys);
            aggregator.CompleteFlush();
        }

        Assert.Null(aggregator.TakeForFlush());
    }

    // A 300-byte key, as a long query string makes one: '/' and then the letter.
    private static byte[] LongKey(char letter) => System.Text.Encoding.ASCII.GetBytes("/" + new string(letter, 299));
}
