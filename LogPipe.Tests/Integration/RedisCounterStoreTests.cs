using System.Text;
using LogPipe.Counting;
using LogPipe.Storage;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.Integration;

/// <summary>The idempotent, capped flush, driven directly against a real redis-server.</summary>
public sealed class RedisCounterStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Day = "2026-11-29";

    [RedisFact]
    public async Task A_batch_sent_twice_is_applied_once()
    {
        var counter = NewCounter("replay", out var prefix);
        await using var store = redis.NewCounterStore();
        var batch = Batch(counter, ("a", 3), ("b", 4));

        var first = await store.ApplyAsync(batch, CancellationToken.None);
        var second = await store.ApplyAsync(batch, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(3, (long)await redis.Database.StringGetAsync(prefix + "a"));
        Assert.Equal(4, (long)await redis.Database.StringGetAsync(prefix + "b"));
        Assert.Equal(2, (long)await redis.Database.StringGetAsync(CapKey(counter)));
    }

    [RedisFact]
    public async Task Two_batches_with_different_ids_both_count()
    {
        var counter = NewCounter("distinct", out var prefix);
        await using var store = redis.NewCounterStore();

        await store.ApplyAsync(Batch(counter, ("a", 2)), CancellationToken.None);
        await store.ApplyAsync(Batch(counter, ("a", 5)), CancellationToken.None);

        Assert.Equal(7, (long)await redis.Database.StringGetAsync(prefix + "a"));
    }

    [RedisFact]
    public async Task New_keys_past_the_days_cap_count_under_the_overflow_key_and_existing_ones_keep_counting()
    {
        var counter = NewCounter("cap", out var prefix, maxPagesPerDay: 3);
        await using var store = redis.NewCounterStore();

        await store.ApplyAsync(Batch(counter, ("a", 1), ("b", 2)), CancellationToken.None);
        await store.ApplyAsync(Batch(counter, ("a", 10), ("c", 3), ("d", 4), ("e", 5)), CancellationToken.None);

        var counts = await redis.ReadCountsAsync(prefix + "*");
        Assert.Equal(3, counts.Count(pair => pair.Key != prefix + "(other)"));
        Assert.Equal(11, counts[prefix + "a"]);
        Assert.Equal(2, counts[prefix + "b"]);
        Assert.Equal(3, counts[prefix + "c"]);
        Assert.Equal(9, counts[prefix + "(other)"]);
        Assert.Equal(3, (long)await redis.Database.StringGetAsync(CapKey(counter)));
        Assert.True((await redis.Database.KeyTimeToLiveAsync(prefix + "(other)")).HasValue);
    }

    [RedisFact]
    public async Task The_cap_holds_for_two_stores_writing_the_same_day()
    {
        var counter = NewCounter("shared", out var prefix, maxPagesPerDay: 2);
        await using var first = redis.NewCounterStore();
        await using var second = redis.NewCounterStore();

        await first.ApplyAsync(Batch(counter, ("a", 1)), CancellationToken.None);
        await second.ApplyAsync(Batch(counter, ("b", 1), ("c", 1)), CancellationToken.None);
        await first.ApplyAsync(Batch(counter, ("d", 1)), CancellationToken.None);

        var counts = await redis.ReadCountsAsync(prefix + "*");
        Assert.Equal(new Dictionary<string, long> { [prefix + "a"] = 1, [prefix + "b"] = 1, [prefix + "(other)"] = 2 }, counts);
    }

    [RedisFact]
    public async Task Hits_already_folded_into_the_overflow_key_do_not_use_a_place_of_the_cap()
    {
        var counter = NewCounter("folded", out var prefix, maxPagesPerDay: 1);
        await using var store = redis.NewCounterStore();

        await store.ApplyAsync(Batch(counter, ("(other)", 7), ("a", 1)), CancellationToken.None);

        var counts = await redis.ReadCountsAsync(prefix + "*");
        Assert.Equal(new Dictionary<string, long> { [prefix + "a"] = 1, [prefix + "(other)"] = 7 }, counts);
    }

    [RedisFact]
    public async Task On_redis_7_new_counters_get_their_ttl_in_one_call_each_without_a_ttl_lookup()
    {
        var counter = NewCounter("nx", out var prefix);
        await using var store = redis.NewCounterStore();
        var batch = Batch(counter, ("a", 1), ("b", 2));
        Assert.True(redis.Server.Version >= new Version(7, 0), $"this test needs Redis 7.0 or later, found {redis.Server.Version}");
        await redis.Server.ExecuteAsync("CONFIG", "RESETSTAT");

        await store.ApplyAsync(batch, CancellationToken.None);

        // Two counters and the day's count of created keys.
        var commands = (string)(await redis.Server.ExecuteAsync("INFO", "commandstats"))!;
        Assert.Contains("cmdstat_pexpireat:calls=3,", commands, StringComparison.Ordinal);
        Assert.DoesNotContain("cmdstat_expire:", commands, StringComparison.Ordinal);
        Assert.DoesNotContain("cmdstat_ttl:", commands, StringComparison.Ordinal);
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync(prefix + "b"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [RedisFact]
    public async Task The_batch_marker_expires_so_markers_do_not_pile_up()
    {
        var counter = NewCounter("marker", out _);
        await using var store = redis.NewCounterStore();
        var batch = Batch(counter, ("a", 1));

        await store.ApplyAsync(batch, CancellationToken.None);

        var ttl = await redis.Database.KeyTimeToLiveAsync(IncrementScript.MarkerPrefix + batch.Id);
        Assert.InRange(ttl!.Value, IncrementScript.MarkerTtl - TimeSpan.FromMinutes(1), IncrementScript.MarkerTtl);
    }

    [RedisFact]
    public async Task Keys_holding_no_counter_are_reported_with_their_hits_and_a_replay_reports_them_again()
    {
        var counter = NewCounter("refused", out var prefix, maxPagesPerDay: 1);
        await redis.Database.HashSetAsync(prefix + "b", "owner", "someone else");
        await redis.Database.HashSetAsync(prefix + "(other)", "owner", "someone else");
        await using var store = redis.NewCounterStore();

        // a takes the day's one place, b is a hash, c goes past the cap to the overflow key, which is a hash too.
        var batch = Batch(counter, ("a", 1), ("b", 2), ("c", 4), ("(other)", 8));
        var first = await store.SendAsync(batch, CancellationToken.None);
        var again = await store.SendAsync(batch, CancellationToken.None);

        Assert.False(first.Replayed);
        Assert.Equal(2, first.RefusedKeys);
        Assert.Equal(14, first.RefusedHits);
        Assert.Equal([prefix + "b", prefix + "(other)"], first.RefusedKeyNames);
        Assert.True(again.Replayed);
        Assert.Equal((2, 14L), (again.RefusedKeys, again.RefusedHits));
        Assert.Equal(first.RefusedKeyNames, again.RefusedKeyNames);
        Assert.Equal(1, (long)await redis.Database.StringGetAsync(prefix + "a"));
        Assert.Equal("someone else", await redis.Database.HashGetAsync(prefix + "(other)", "owner"));
    }

    [RedisFact]
    public async Task Stats_totals_add_each_processs_growth_once_however_often_an_update_is_sent()
    {
        var statsKey = $"stats:{Guid.NewGuid():N}";
        await using var first = redis.NewCounterStore(statsKey: statsKey);
        await using var second = redis.NewCounterStore(statsKey: statsKey);

        // The first process sends one update twice (its reply lost, say), then a later one; the second interleaves.
        await first.PublishStatsAsync(Figures(linesRead: 3, pid: 1), CancellationToken.None);
        await first.PublishStatsAsync(Figures(linesRead: 3, pid: 1), CancellationToken.None);
        await second.PublishStatsAsync(Figures(linesRead: 2, pid: 2), CancellationToken.None);
        await first.PublishStatsAsync(Figures(linesRead: 10, pid: 1), CancellationToken.None);

        var stats = (await redis.Database.HashGetAllAsync(statsKey)).ToDictionary(entry => (string)entry.Name!, entry => (long)entry.Value, StringComparer.Ordinal);
        Assert.Equal(12, stats["total_lines_read"]);
        Assert.Equal(10, stats["lines_read"]);
        Assert.Equal(1, stats["pid"]);
        Assert.False(stats.ContainsKey("total_pid"));
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync(statsKey))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    // A page counter of its own for each test (hits:<test>:<guid>:<day>:<path>), living an hour.
    private static CounterDefinition NewCounter(string name, out string prefix, int maxPagesPerDay = 100)
    {
        var head = $"{name}:{Guid.NewGuid():N}:";
        prefix = $"{head}{Day}:";
        return TestCounters.Pages(head + "{date}:{path}", maxPagesPerDay, TimeSpan.FromHours(1));
    }

    private static string CapKey(CounterDefinition counter) =>
        Encoding.Latin1.GetString(counter.CapKey(Encoding.ASCII.GetBytes(Day), default));

    private static CounterBatch Batch(CounterDefinition counter, params (string Member, long Hits)[] counts)
    {
        var group = new CounterGroup(counter, Encoding.ASCII.GetBytes(Day), []);
        foreach (var (member, hits) in counts)
        {
            group.Add(Encoding.UTF8.GetBytes(member), hits);
        }

        return new CounterBatch($"test-{Guid.NewGuid():N}", [group]);
    }

    private static StatsFigures Figures(long linesRead, long pid) => new([new("lines_read", linesRead)], [new("pid", pid)]);
}
