using System.Text;
using LogPipe.Storage;
using LogPipe.Tests.Support;

namespace LogPipe.Tests.Integration;

/// <summary>The idempotent flush, driven directly against a real redis-server.</summary>
public sealed class RedisCounterStoreTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [RedisFact]
    public async Task A_batch_sent_twice_is_applied_once()
    {
        await using var store = redis.NewCounterStore();
        var batch = new CounterBatch($"test-{Guid.NewGuid():N}", [Encoding.ASCII.GetBytes("replay:a"), Encoding.ASCII.GetBytes("replay:b")], [3, 4]);

        var first = await store.ApplyAsync(batch, CancellationToken.None);
        var second = await store.ApplyAsync(batch, CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(3, (long)await redis.Database.StringGetAsync("replay:a"));
        Assert.Equal(4, (long)await redis.Database.StringGetAsync("replay:b"));
    }

    [RedisFact]
    public async Task Two_batches_with_different_ids_both_count()
    {
        await using var store = redis.NewCounterStore();
        byte[][] keys = [Encoding.ASCII.GetBytes("distinct:a")];

        await store.ApplyAsync(new CounterBatch($"one-{Guid.NewGuid():N}", keys, [2]), CancellationToken.None);
        await store.ApplyAsync(new CounterBatch($"two-{Guid.NewGuid():N}", keys, [5]), CancellationToken.None);

        Assert.Equal(7, (long)await redis.Database.StringGetAsync("distinct:a"));
    }

    [RedisFact]
    public async Task On_redis_7_new_counters_get_their_ttl_in_one_call_each_without_a_ttl_lookup()
    {
        await using var store = redis.NewCounterStore();
        var batch = new CounterBatch($"nx-{Guid.NewGuid():N}", [Encoding.ASCII.GetBytes("nx:a"), Encoding.ASCII.GetBytes("nx:b")], [1, 2]);
        Assert.True(redis.Server.Version >= new Version(7, 0), $"this test needs Redis 7.0 or later, found {redis.Server.Version}");
        await redis.Server.ExecuteAsync("CONFIG", "RESETSTAT");

        await store.ApplyAsync(batch, CancellationToken.None);

        var commands = (string)(await redis.Server.ExecuteAsync("INFO", "commandstats"))!;
        Assert.Contains("cmdstat_pexpireat:calls=2,", commands, StringComparison.Ordinal);
        Assert.DoesNotContain("cmdstat_expire:", commands, StringComparison.Ordinal);
        Assert.DoesNotContain("cmdstat_ttl:", commands, StringComparison.Ordinal);
        Assert.InRange((await redis.Database.KeyTimeToLiveAsync("nx:b"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [RedisFact]
    public async Task The_batch_marker_expires_so_markers_do_not_pile_up()
    {
        await using var store = redis.NewCounterStore();
        var id = $"marker-{Guid.NewGuid():N}";

        await store.ApplyAsync(new CounterBatch(id, [Encoding.ASCII.GetBytes("marker:a")], [1]), CancellationToken.None);

        var ttl = await redis.Database.KeyTimeToLiveAsync(IncrementScript.MarkerPrefix + id);
        Assert.InRange(ttl!.Value, IncrementScript.MarkerTtl - TimeSpan.FromMinutes(1), IncrementScript.MarkerTtl);
    }
}
