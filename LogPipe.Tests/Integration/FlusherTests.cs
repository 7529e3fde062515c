using System.Globalization;
using System.Text.RegularExpressions;
using LogPipe.Counting;
using LogPipe.Storage;
using LogPipe.Tests.Support;
using Serilog;

namespace LogPipe.Tests.Integration;

/// <summary>The flusher between the aggregator and a real redis-server, when a flush is caught by the end of input.</summary>
public sealed partial class FlusherTests(RedisServer redis) : IClassFixture<RedisServer>
{
    // Three batches, so that sends overlap.
    private const int Keys = (2 * BatchCutter.MaxKeysPerBatch) + 200;

    private const string Day = "2026-11-29";

    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [RedisFact]
    public async Task A_flush_in_flight_when_reading_ends_is_waited_for_and_what_came_after_follows_at_once()
    {
        var prefix = $"inflight:{Guid.NewGuid():N}:";
        var counter = TestCounters.Pages(prefix + "{path}");
        using var aggregator = new HitAggregator(maxPendingKeys: 10_000, flushSoonKeys: 10_000);
        await using var store = redis.NewCounterStore();
        var stats = new FlushStats();
        using var log = new LoggerConfiguration().CreateLogger();
        // A pause between final tries longer than the deadline: the final flush must not need one after a success.
        var flusher = new Flusher(
            aggregator,
            new CounterSet(counter),
            store,
            TimeSpan.FromMilliseconds(10),
            stats,
            () => StatsFigures.None,
            log,
            finalRetryDelay: TimeSpan.FromMinutes(1));

        await WarmUpAsync(aggregator, flusher);
        AddHits(aggregator, "", keys: Keys, hitsEach: 1);

        // Long enough that the flusher, however late a loaded machine starts it, sends while Redis is still paused.
        await redis.Server.ExecuteAsync("CLIENT", "PAUSE", "3000", "ALL");
        using var stop = new CancellationTokenSource();
        var running = flusher.RunAsync(stop.Token);
        Assert.True(await Eventually.TrueAsync(() => flusher.Unacknowledged.Keys == Keys, TimeSpan.FromSeconds(5)), "the batches were never sent");
        AddHits(aggregator, "after:", keys: Keys, hitsEach: 1);

        await stop.CancelAsync();
        await running;

        Assert.True(await flusher.FlushAllAsync(s_deadline));

        Assert.Equal(0, stats.BatchesReplayed);
        Assert.Equal(0, stats.FailedFlushes);
        var counts = await redis.ReadCountsAsync(prefix + "*");
        Assert.Equal((2 * Keys) + 1, counts.Count);
        Assert.All(counts.Values, count => Assert.Equal(1, count));
    }

    [RedisFact]
    public async Task Batches_waiting_on_a_paused_redis_are_waited_for_and_never_sent_twice()
    {
        var prefix = $"paused:{Guid.NewGuid():N}:";
        var counter = TestCounters.Pages(prefix + "{path}");
        using var aggregator = new HitAggregator(maxPendingKeys: 10_000, flushSoonKeys: 10_000);
        await using var store = redis.NewCounterStore();
        var stats = new FlushStats();
        using var log = new LoggerConfiguration().CreateLogger();
        var flusher = new Flusher(aggregator, new CounterSet(counter), store, TimeSpan.FromMinutes(1), stats, () => StatsFigures.None, log);

        await WarmUpAsync(aggregator, flusher);
        AddHits(aggregator, "page", keys: Keys, hitsEach: 1);
        await redis.Server.ExecuteAsync("CONFIG", "RESETSTAT");

        // Longer than a healthy Redis ever takes, shorter than the client's own timeout (5 s): the connection stays up.
        await redis.Server.ExecuteAsync("CLIENT", "PAUSE", "2500", "ALL");
        Assert.True(await flusher.FlushAllAsync(s_deadline));

        var scripts = ScriptCalls().Matches((string)(await redis.Server.ExecuteAsync("INFO", "commandstats"))!).Sum(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(3, scripts);
        Assert.Equal(0, stats.BatchesReplayed);
        Assert.Equal(Keys + 1, stats.HitsFlushed);
        var counts = await redis.ReadCountsAsync(prefix + "*");
        Assert.Equal(Keys + 1, counts.Count);
        Assert.All(counts.Values, count => Assert.Equal(1, count));
    }

    [RedisFact]
    public async Task A_table_of_long_paths_is_sent_a_few_batches_at_a_time_and_all_of_it_arrives()
    {
        // 16 MiB of 32 KiB paths: 16 batches of about 1 MiB, of which at most four are sent before one is answered.
        const int Paths = 512;
        var prefix = $"long:{Guid.NewGuid():N}:";
        var counter = TestCounters.Pages(prefix + "{path}");
        // Room for 16 MiB of keys (256 bytes each on average), so that none is folded into (other).
        using var aggregator = new HitAggregator(maxPendingKeys: 100_000, flushSoonKeys: 10_000);
        await using var store = redis.NewCounterStore();
        var stats = new FlushStats();
        using var log = new LoggerConfiguration().CreateLogger();
        var flusher = new Flusher(aggregator, new CounterSet(counter), store, TimeSpan.FromMinutes(1), stats, () => StatsFigures.None, log);
        await WarmUpAsync(aggregator, flusher);
        for (var i = 0; i < Paths; i++)
        {
            aggregator.Add(TestCounters.Key(Day, i.ToString("D5", CultureInfo.InvariantCulture) + new string('x', 32 * 1024)));
        }

        await redis.Server.ExecuteAsync("CONFIG", "RESETSTAT");
        await redis.Server.ExecuteAsync("CLIENT", "PAUSE", "2000", "ALL");
        using (var cut = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            Assert.False(await flusher.TryFlushAsync(cut.Token));
        }

        // What left before the try was cut short: Redis, paused, has answered none of it yet.
        var inFlight = flusher.KeysInFlight;
        Assert.True(await flusher.FlushAllAsync(s_deadline));

        var scripts = ScriptCalls().Matches((string)(await redis.Server.ExecuteAsync("INFO", "commandstats"))!).Sum(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.True(scripts >= 16, $"{scripts} scripts for 16 MiB of keys");
        Assert.Equal(0, stats.BatchesReplayed);
        Assert.Equal(Paths, (await redis.ReadCountsAsync(prefix + "*")).Count - 1);
        Assert.InRange(inFlight, 1, 4 * 33);
    }

    [RedisFact]
    public async Task Every_hit_not_confirmed_when_the_shutdown_timeout_runs_out_is_counted_lost_sent_or_not()
    {
        // A replica refuses every write: the batches in flight fail, and what was counted since never leaves.
        var replica = new RedisServer();
        try
        {
            await replica.InitializeAsync();
            await replica.Server.ExecuteAsync("REPLICAOF", "127.0.0.1", FreePort.Next().ToString(CultureInfo.InvariantCulture));
            var counter = TestCounters.Pages($"readonly:{Guid.NewGuid():N}:{{path}}");
            using var aggregator = new HitAggregator(maxPendingKeys: 10_000, flushSoonKeys: 10_000);
            await using var store = replica.NewCounterStore();
            var stats = new FlushStats();
            var sink = new CollectingSink();
            using var log = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
            var flusher = new Flusher(aggregator, new CounterSet(counter), store, TimeSpan.FromMinutes(1), stats, () => StatsFigures.None, log);
            AddHits(aggregator, "sent", keys: 100, hitsEach: 3);
            Assert.False(await flusher.TryFlushAsync());
            AddHits(aggregator, "unsent", keys: 400, hitsEach: 5);

            Assert.False(await flusher.FlushAllAsync(TimeSpan.FromSeconds(1)));

            Assert.Equal(2_300, stats.HitsLost);
            Assert.Equal(0, stats.HitsFlushed);
            Assert.Equal(0, aggregator.PendingKeys);
            var error = Assert.Single(sink.Events, e => e.Level == Serilog.Events.LogEventLevel.Error).RenderMessage(CultureInfo.InvariantCulture);
            Assert.Contains("2300 hits are lost, 300 sent to 100 keys but not confirmed by Redis and 2000 to 400 keys not yet sent", error, StringComparison.Ordinal);
        }
        finally
        {
            await replica.DisposeAsync();
        }
    }

    [RedisFact]
    public async Task A_flush_failure_with_a_new_cause_is_logged_at_once_and_a_repeated_one_is_not()
    {
        // Redis's own access control gives two causes on demand: first no right to run scripts, then no right to the keys.
        var user = $"flusher{Guid.NewGuid():N}";
        var key = $"causes:{Guid.NewGuid():N}";
        var counter = TestCounters.Pages(key + "{path}");
        await redis.Server.ExecuteAsync("ACL", "SETUSER", user, "on", ">secret", "~*", "+@all", "-@scripting");
        using var aggregator = new HitAggregator(maxPendingKeys: 10, flushSoonKeys: 10);
        await using var store = redis.NewCounterStore($"user={user},password=secret");
        var sink = new CollectingSink();
        using var log = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        var flusher = new Flusher(aggregator, new CounterSet(counter), store, TimeSpan.FromMinutes(1), new FlushStats(), () => StatsFigures.None, log);
        aggregator.Add(TestCounters.Key(Day, string.Empty));

        Assert.False(await flusher.TryFlushAsync());
        Assert.False(await flusher.TryFlushAsync());
        await redis.Server.ExecuteAsync("ACL", "SETUSER", user, "+@scripting", "resetkeys", "~other:*");
        Assert.False(await flusher.TryFlushAsync());
        Assert.False(await flusher.TryFlushAsync());
        await redis.Server.ExecuteAsync("ACL", "SETUSER", user, "allkeys");
        Assert.True(await flusher.TryFlushAsync());

        var warnings = sink.Events.Where(e => e.Level == Serilog.Events.LogEventLevel.Warning).Select(e => e.RenderMessage()).ToList();
        Assert.True(warnings.Count == 2, string.Join('\n', warnings));
        Assert.Contains(", 0 not logged)", warnings[0], StringComparison.Ordinal);
        Assert.Contains(", 1 not logged)", warnings[1], StringComparison.Ordinal);
        Assert.NotEqual(warnings[0][warnings[0].IndexOf(':', StringComparison.Ordinal)..], warnings[1][warnings[1].IndexOf(':', StringComparison.Ordinal)..]);
        Assert.Equal(1, (long)await redis.Database.StringGetAsync(key));
    }

    // Connected, and the script loaded, before Redis is paused: one key, flushed.
    private static async Task WarmUpAsync(HitAggregator aggregator, Flusher flusher)
    {
        aggregator.Add(TestCounters.Key(Day, "warm-up"));
        Assert.True(await flusher.TryFlushAsync());
    }

    private static void AddHits(HitAggregator aggregator, string prefix, int keys, int hitsEach)
    {
        for (var i = 0; i < keys; i++)
        {
            for (var hit = 0; hit < hitsEach; hit++)
            {
                aggregator.Add(TestCounters.Key(Day, prefix + i.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    // EVAL and EVALSHA calls in INFO commandstats: the flush scripts Redis ran.
    [GeneratedRegex(@"cmdstat_eval(?:sha)?:calls=(\d+)")]
    private static partial Regex ScriptCalls();
}
